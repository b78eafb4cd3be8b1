"""Pydantic models of the JSON API (they make the OpenAPI document)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

Category = Literal["A", "B", "C", "D"]
# Caps on what one request may ask for (docs/security.md): a capability or demand is embedded and
# matched against every firm, so their count and length bound the work of a request.
MAX_CAPABILITIES = 30
MAX_CAPABILITY_CHARS = 300
MAX_LIST = 50
ShortText = Annotated[str, Field(max_length=100)]


class ErrorOut(BaseModel):
    detail: str
    field: str | None = None


class FirmRow(BaseModel):
    kvk_number: str
    name: str
    place: str | None = None
    province: str | None = None
    size_class: str | None = None
    employees: int | None = None
    sbi_main: str | None = None
    category: str | None = None
    a_score: float | None = None
    b_score: float | None = None
    score: float | None = None
    website: str | None = None
    relevance: float | None = None


class SearchOut(BaseModel):
    total: int
    page: int
    per_page: int
    pages: int
    results: list[FirmRow]


class Overview(BaseModel):
    n_firms: int
    score_run: str | None
    model: str | None
    n_with_vector: int
    categories: dict[str, int]
    provinces: list[dict[str, Any]]


class Evidence(BaseModel):
    term: str | None = None
    sentence: str | None = None
    url: str | None = None


class Indicator(BaseModel):
    id: str
    group: str
    evidence: list[Evidence]


class Reference(BaseModel):
    kvk_number: str
    name: str
    label: str
    similarity: float


class ReasonReference(BaseModel):
    kvk_number: str
    name: str | None = None
    label: str | None = None
    similarity: float | None = None


class ReasonIndicator(BaseModel):
    id: str
    label: str
    weight: float | None = None


class ReasonEvidence(BaseModel):
    indicator: str | None = None
    label: str | None = None
    sentence: str | None = None
    url: str | None = None


class Reasons(BaseModel):
    """Why the firm got its category (`ketenradar.model.reasons`), with labels in the asked language."""

    profile: str | None = None
    nearest: list[ReasonReference] = Field(default_factory=list)
    indicators: list[ReasonIndicator] = Field(default_factory=list)
    evidence: list[ReasonEvidence] = Field(default_factory=list)
    also_like_a: bool = False
    association_member: bool = False
    text: str | None = None
    review: dict[str, Any] | None = None


class FirmProfile(BaseModel):
    registry: dict[str, Any]
    category: str | None
    a_score: float | None
    b_score: float | None
    score_run: str | None
    reasons: Reasons
    indicators: list[Indicator]
    references: list[Reference]
    history: list[dict[str, Any]]
    sources: list[dict[str, Any]]
    labels: list[dict[str, Any]]
    site: dict[str, Any] | None
    conflicts: list[dict[str, Any]] = Field(
        default_factory=list, description="source records whose name, place, postcode or staff differ"
    )


class HardRequirements(BaseModel):
    certifications: list[ShortText] = Field(
        default_factory=list, max_length=MAX_LIST, description="indicator ids, e.g. cert.aqap2110"
    )
    place: str | None = Field(
        None, max_length=100, description="a place where firms in the store are located"
    )
    radius_km: float | None = Field(None, gt=0, le=500)
    provinces: list[ShortText] = Field(default_factory=list, max_length=MAX_LIST)
    region: Literal["noord", "oost", "west", "zuid"] | None = None
    size_classes: list[ShortText] = Field(default_factory=list, max_length=10, description="e.g. 10-49")


class MatchIn(HardRequirements):
    demand: str = Field(..., min_length=1, max_length=2000, description="free text, Dutch or English")
    categories: list[Category] = Field(default_factory=list, max_length=10)
    limit: int = Field(20, ge=1, le=200)


class ConsortiumIn(HardRequirements):
    capabilities: list[Annotated[str, Field(min_length=1, max_length=MAX_CAPABILITY_CHARS)]] = Field(
        ..., min_length=1, max_length=MAX_CAPABILITIES, description="indicator ids or free text"
    )
    alternatives: int = Field(3, ge=0, le=10)
    method: Literal["auto", "ilp", "greedy"] = "auto"


class RunInfo(BaseModel):
    run_id: str
    n_firms: int
    started_at: str | None


class RunChange(BaseModel):
    kvk_number: str
    name: str | None
    category_old: str | None
    category_new: str | None
    a_score_old: float | None
    a_score_new: float | None
    b_score_old: float | None
    b_score_new: float | None
    why: list[dict[str, str]] = []  # [{reason, detail}]: site_changed, new_label, new_review, ...


class RunComparisonOut(BaseModel):
    old_run: str
    new_run: str
    counts: dict[str, int]
    entered: list[RunChange]
    left: list[RunChange]
    changed: list[RunChange]
