"""``GET /api/v1/applications``: the active catalogue the ticket form offers (applications,
versions, categories, sub-categories) in a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import ConfigDict, Field

from lpse_support.api.schemas_common import AUTH_ERRORS, PriorityOut, RefOut
from lpse_support.catalog.models import Application, ApplicationVersion, Category, SubCategory

router = Router()


class SubCategoryOut(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 12,
                    "name": "Gagal unggah penawaran",
                    "default_priority": {"code": "medium", "name": "Medium", "rank": 3},
                    "deadline_sensitive": True,
                }
            ]
        }
    )

    id: int = Field(examples=[12])
    name: str = Field(examples=["Gagal unggah penawaran"])
    default_priority: PriorityOut
    deadline_sensitive: bool = Field(examples=[True])


class CategoryOut(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 3,
                    "name": "Pengumuman & Dokumen",
                    "kind": "TEKNIS",
                    "subcategories": [
                        {
                            "id": 12,
                            "name": "Gagal unggah penawaran",
                            "default_priority": {"code": "medium", "name": "Medium", "rank": 3},
                            "deadline_sensitive": True,
                        }
                    ],
                }
            ]
        }
    )

    id: int = Field(examples=[3])
    name: str = Field(examples=["Pengumuman & Dokumen"])
    kind: str = Field(description="TEKNIS atau NON_TEKNIS", examples=["TEKNIS"])
    subcategories: list[SubCategoryOut]


class DirectorateOut(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"id": 1, "code": "dsi", "name": "Direktorat Sistem Informasi"}]
        }
    )

    id: int = Field(examples=[1])
    code: str = Field(examples=["dsi"])
    name: str = Field(examples=["Direktorat Sistem Informasi"])


class ApplicationOut(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 1,
                    "code": "spse",
                    "name": "SPSE",
                    "full_name": "Sistem Pengadaan Secara Elektronik",
                    "letter": "S",
                    "directorate": {"id": 1, "code": "dsi", "name": "Direktorat Sistem Informasi"},
                    "first_line": "LPSE",
                    "versions": [{"id": 4, "name": "4.5"}],
                    "categories": [
                        {
                            "id": 3,
                            "name": "Pengumuman & Dokumen",
                            "kind": "TEKNIS",
                            "subcategories": [
                                {
                                    "id": 12,
                                    "name": "Gagal unggah penawaran",
                                    "default_priority": {
                                        "code": "medium",
                                        "name": "Medium",
                                        "rank": 3,
                                    },
                                    "deadline_sensitive": True,
                                }
                            ],
                        }
                    ],
                }
            ]
        }
    )

    id: int = Field(examples=[1])
    code: str = Field(examples=["spse"])
    name: str = Field(examples=["SPSE"])
    full_name: str = Field(examples=["Sistem Pengadaan Secara Elektronik"])
    letter: str = Field(description="Huruf ketiga nomor tiket", examples=["S"])
    directorate: DirectorateOut
    first_line: str = Field(
        description="LPSE (Level 1 di LPSE pelapor) atau DIRECTORATE (Level 2)",
        examples=["LPSE"],
    )
    versions: list[RefOut]
    categories: list[CategoryOut]


def active_catalog() -> list[Application]:
    """Active applications with their active versions, categories and sub-categories:
    four queries whatever the size of the catalogue."""
    subcategories = SubCategory.objects.filter(active=True).select_related("default_priority")
    categories = Category.objects.filter(active=True).prefetch_related(
        Prefetch("subcategories", queryset=subcategories)
    )
    return list(
        Application.objects.filter(active=True)
        .select_related("directorate")
        .prefetch_related(
            Prefetch("versions", queryset=ApplicationVersion.objects.filter(active=True)),
            Prefetch("categories", queryset=categories),
        )
    )


@router.get(
    "",
    response={200: list[ApplicationOut], **AUTH_ERRORS},
    summary="Daftar aplikasi beserta versi, kategori dan sub kategori",
    operation_id="applications_list",
)
def list_applications(request: HttpRequest) -> Any:
    return active_catalog()
