"""A file-system storage that copies slowly, like media on a slow network file system: a file
is written 64 KiB at a time with a pause between pieces, so a fault test can kill the server
while a copy is half done. Selected with ``STORAGE_BACKEND`` in the server's environment."""

from __future__ import annotations

import os
import time
from typing import Any

from django.core.files.storage import FileSystemStorage

PIECE = 64 * 1024
PAUSE_SECONDS = 0.01


class SlowFileSystemStorage(FileSystemStorage):
    def _save(self, name: str, content: Any) -> str:
        path = self.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "xb") as target:
            for piece in content.chunks(PIECE):
                target.write(piece)
                target.flush()
                time.sleep(PAUSE_SECONDS)
        return name
