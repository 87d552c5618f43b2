"""Reads of FAQ LPSE Support (R-UI-6): who sees which articles, the list search and the
suggestions shown under the Judul of Buat Tiket Baru."""

from __future__ import annotations

import re

from django.db.models import Case, Exists, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import Combinable

from lpse_support.accounts import roles
from lpse_support.accounts.viewer import ViewerOrUser
from lpse_support.catalog.models import Application
from lpse_support.faq.models import FaqArticle

SUGGESTION_MIN_CHARS = 3
SUGGESTION_LIMIT = 5
# A suggestion needs a title or keyword hit, or the article body to hold two of the words.
SUGGESTION_MIN_SCORE = 2
RELATED_LIMIT = 5
MAX_WORDS = 8
MAX_QUERY_CHARS = 200
_EDGE_PUNCTUATION = "\"'.,;:!?()[]{}<>«»“”‘’`*/\\|-–—_+=#&%$@^~"
# Words too common in Indonesian ticket titles to say anything about the problem.
# fmt: off
STOPWORDS = frozenset([
    "ada", "adalah", "agar", "akan", "apa", "apakah", "atau", "bagaimana", "bagi", "bahwa",
    "belum", "bila", "bisa", "boleh", "cara", "dalam", "dan", "dapat", "dari", "dengan", "di",
    "harus", "ini", "itu", "jika", "juga", "kami", "karena", "kenapa", "ketika", "ke", "kita",
    "mau", "mengapa", "masih", "mohon", "oleh", "pada", "para", "saat", "saja", "saya",
    "sebagai", "sedang", "sudah", "supaya", "tetapi", "tidak", "tolong", "untuk", "yang",
])
# fmt: on


def words_of(text: str) -> list[str]:
    """The distinct lower-case words of ``text`` (punctuation trimmed), at most ``MAX_WORDS``."""
    words: list[str] = []
    for token in text[:MAX_QUERY_CHARS].replace("\x00", " ").lower().split():
        word = token.strip(_EDGE_PUNCTUATION)
        if word and word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def visible_articles(who: ViewerOrUser) -> QuerySet[FaqArticle]:
    """Every article for an admin (drafts included), published ones for everyone else."""
    articles = FaqArticle.objects.select_related("application", "category")
    if roles.is_admin(who):
        return articles
    return articles.filter(published=True)


def in_list_order(articles: QuerySet[FaqArticle]) -> QuerySet[FaqArticle]:
    """Grouped by application, then category, then the admin's order (no application last)."""
    return articles.order_by(
        F("application__order").asc(nulls_last=True),
        F("application__name").asc(nulls_last=True),
        F("category__order").asc(nulls_last=True),
        F("category__name").asc(nulls_last=True),
        "order",
        "title",
        "pk",
    )


def search(articles: QuerySet[FaqArticle], text: str) -> QuerySet[FaqArticle]:
    """Articles holding every word of ``text`` (case-insensitive) in the title, keywords or body."""
    for word in words_of(text):
        articles = articles.filter(
            Q(title__icontains=word) | Q(keywords__icontains=word) | Q(body__icontains=word)
        )
    return articles


def _score(word: str) -> Case:
    # An application's name ("SPSE") is in half the titles: it says which application, not what
    # went wrong, so it scores nothing (the chosen Aplikasi narrows the list instead).
    names_an_application = Exists(
        Application.objects.filter(Q(code__iexact=word) | Q(name__iexact=word))
    )
    return Case(
        When(names_an_application, then=Value(0)),
        When(title__icontains=word, then=Value(3)),
        When(keywords__icontains=word, then=Value(2)),
        When(body__icontains=word, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


def suggestion_words(title: str) -> list[str]:
    """The words of a typed ticket title worth matching: no stopwords, at least 3 letters."""
    return [
        word
        for word in words_of(title)
        if len(word) >= SUGGESTION_MIN_CHARS and word not in STOPWORDS
    ]


def suggestions_for(title: str, application_id: int | None = None) -> list[FaqArticle]:
    """Up to ``SUGGESTION_LIMIT`` published articles matching the words of a ticket title, best
    first (a word in the title counts 3, in the keywords 2, in the body 1, an application's name
    nothing). With an application
    chosen, only its articles and the general ones (no application). One query, or none for a
    title shorter than ``SUGGESTION_MIN_CHARS`` characters."""
    if len(title.strip()) < SUGGESTION_MIN_CHARS:
        return []
    words = suggestion_words(title)
    if not words:
        return []
    articles = FaqArticle.objects.filter(published=True).select_related("application")
    if application_id is not None:
        articles = articles.filter(Q(application_id=application_id) | Q(application__isnull=True))
    total: Combinable = Value(0)
    for word in words:
        total = total + _score(word)
    return list(
        articles.annotate(score=total)
        .filter(score__gte=SUGGESTION_MIN_SCORE)
        .order_by("-score", "order", "title")[:SUGGESTION_LIMIT]
    )


def related_to(article: FaqArticle) -> list[FaqArticle]:
    """Other published articles of the same category first, then of the same application (or,
    for a general article, other general ones); at most ``RELATED_LIMIT``."""
    others = FaqArticle.objects.filter(published=True).exclude(pk=article.pk)
    if article.application_id is None:
        return list(
            others.filter(application__isnull=True).order_by("order", "title")[:RELATED_LIMIT]
        )
    same_category = Case(
        When(category_id=article.category_id, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return list(
        others.filter(application_id=article.application_id)
        .annotate(distance=same_category)
        .order_by("distance", "order", "title")[:RELATED_LIMIT]
    )


_SPACE = re.compile(r"\s+")


def clip(text: str, limit: int) -> str:
    """``text`` on one line, without NUL characters, cut to ``limit`` characters."""
    return _SPACE.sub(" ", text.replace("\x00", "")).strip()[:limit]
