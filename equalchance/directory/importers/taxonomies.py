"""Loading the open taxonomies shipped in equalchance/directory/data/ (see its README): the DfE Family
Hubs service categories (two levels), Outpost's SEND needs and accessibility lists, the Local Offer
questions (local_offer.py) and the product's own Childcare taxonomy (childcare.py). Ids are derived
from the names, so loading again changes nothing."""

import csv
import uuid
from pathlib import Path

from django.db import transaction

from equalchance.directory import childcare, local_offer
from equalchance.directory.models import Taxonomy, TaxonomyTerm

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
NAMESPACE = uuid.UUID("a3a4f0d2-3f53-4a55-8d8e-3d0e8f1a7b21")
FAMILY_HUBS = "DfE Family Hubs service categories"
SEND_NEEDS = "SEND needs"
ACCESSIBILITY = "Accessibility"


def _taxonomy(name: str, description: str, uri: str = "") -> Taxonomy:
    taxonomy, _ = Taxonomy.objects.update_or_create(
        id=uuid.uuid5(NAMESPACE, name), defaults={"name": name, "description": description, "uri": uri}
    )
    return taxonomy


def _term(taxonomy: Taxonomy, name: str, parent: TaxonomyTerm | None = None) -> TaxonomyTerm:
    term, _ = TaxonomyTerm.objects.update_or_create(
        id=uuid.uuid5(taxonomy.id, name),
        defaults={"taxonomy": taxonomy, "name": name, "description": name, "parent": parent},
    )
    return term


def outpost_lists(path: Path) -> dict[str, list[str]]:
    """The YAML file's top-level lists of strings (all it holds), read without a YAML library."""
    lists: dict[str, list[str]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith(" ") and line.rstrip().endswith(":"):
            current = lists.setdefault(line.strip()[:-1], [])
        elif line.strip().startswith("- ") and current is not None:
            current.append(line.strip()[2:].strip())
    return lists


def taxonomies_load(data_dir: Path = DATA_DIR) -> int:
    """Load (or refresh) the shipped taxonomies; returns how many terms they hold."""
    with transaction.atomic():
        hubs = _taxonomy(
            FAMILY_HUBS,
            "Service categories of the Department for Education's Find support for your family service",
            "https://github.com/DFE-Digital/fh-services",
        )
        with open(data_dir / "dfe-family-hubs-service-categories.csv", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        parents = {r["name"]: _term(hubs, r["name"]) for r in rows if r["level"] == "1"}
        for row in rows:
            if row["level"] != "1":
                _term(hubs, row["name"], parents[row["parent_name"]])
        lists = outpost_lists(data_dir / "outpost-default-data.yml")
        for name, key, description in [
            (SEND_NEEDS, "send_needs", "Special educational needs and disabilities a service supports"),
            (ACCESSIBILITY, "accessibilities", "Accessibility features of a place"),
        ]:
            taxonomy = _taxonomy(name, description, "https://github.com/wearefuturegov/outpost")
            for term in lists[key]:
                _term(taxonomy, term)
        questions, _ = Taxonomy.objects.update_or_create(
            id=local_offer.TAXONOMY_ID,
            defaults={"name": local_offer.TAXONOMY, "description": local_offer.TAXONOMY_DESCRIPTION},
        )
        for question in local_offer.QUESTIONS:
            TaxonomyTerm.objects.update_or_create(
                id=local_offer.term_id(question.key),
                defaults={
                    "taxonomy": questions,
                    "name": question.text,
                    "description": question.hint or question.text,
                    "code": question.key,
                },
            )
        _childcare_load()
    shipped = [FAMILY_HUBS, SEND_NEEDS, ACCESSIBILITY, local_offer.TAXONOMY, childcare.TAXONOMY]
    return TaxonomyTerm.objects.filter(taxonomy__name__in=shipped).count()


def _childcare_load() -> None:
    """The Childcare taxonomy: one top-level term, "Childcare", with the types and the funded hours
    below it (so choosing "Childcare" finds any of them). Ids are fixed in childcare.py."""
    taxonomy, _ = Taxonomy.objects.update_or_create(
        id=childcare.TAXONOMY_ID,
        defaults={"name": childcare.TAXONOMY, "description": childcare.TAXONOMY_DESCRIPTION},
    )
    parent, _ = TaxonomyTerm.objects.update_or_create(
        id=childcare.PARENT_ID,
        defaults={
            "taxonomy": taxonomy,
            "name": childcare.PARENT,
            "description": "Childcare and funded early education hours",
            "code": "childcare",
            "parent": None,
        },
    )
    for term in childcare.TERMS:
        TaxonomyTerm.objects.update_or_create(
            id=childcare.term_id(term.code),
            defaults={
                "taxonomy": taxonomy,
                "name": term.name,
                "description": term.description,
                "code": term.code,
                "parent": parent,
            },
        )
