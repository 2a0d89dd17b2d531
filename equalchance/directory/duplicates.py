"""Which two directory entries are probably the same service: the one rule moderators are shown
suggestions by, with the normalisation it compares on. Plain Python (no Django, no database), so the
rule can be read and tested with examples on its own; `selectors.likely_duplicates` feeds it.

Two entries are likely duplicates when

- they belong to the **same organisation** and their names are the same once normalised, or nearly
  the same ("Stay and Play" and "Stay and Plays"); or
- they belong to **different organisations** and their names are the same once normalised AND they
  share a place (the same address, or the same postcode) AND they share a way to get in touch (the
  same phone number, e-mail address or website).

The same name alone at two organisations is not enough: two charities may well both run a "Stay and
Play", in different places. A pair a moderator has marked as not duplicates is never suggested again,
whichever way round it is given.
"""

import difflib
import re
import unicodedata
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

# How alike two names of one organisation's entries must be to be suggested (difflib's ratio).
NEARLY_THE_SAME = 0.85
# Nearly-the-same names are compared pair by pair: an organisation's first entries only, so that one
# organisation with thousands of entries cannot make the page slow.
PER_ORGANISATION = 200

SAME_NAME_SAME_ORGANISATION = "the same name, same organisation"
NEARLY_SAME_NAME_SAME_ORGANISATION = "nearly the same name, same organisation"

_WORDS = re.compile(r"[a-z0-9]+")
_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`]")
# Written either way in service names: "St Mary's" and "Saint Mary's", "&" and "and".
_SAME_WORDS = {"saint": "st", "centre": "center", "ctr": "center", "grp": "group"}


def _folded(text: str) -> str:
    """Lower case without accents: "Café" is "cafe"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def name_key(name: str) -> str:
    """A name as the rule compares it: case, accents, apostrophes, punctuation and spacing do not
    count, nor "&" against "and" or "Saint" against "St". "St Mary's Toddler Group" and "St Marys
    toddler group" are both "st marys toddler group"."""
    text = _APOSTROPHES.sub("", _folded(name)).replace("&", " and ")
    return " ".join(_SAME_WORDS.get(word, word) for word in _WORDS.findall(text))


def postcode_key(postcode: str) -> str:
    """A postcode without spaces, in capitals: "b37 7uh" is "B377UH"."""
    return "".join(_WORDS.findall(_folded(postcode))).upper()


def address_key(address: str) -> str:
    """An address line and town as the rule compares them (as names are)."""
    return name_key(address)


def phone_key(number: str) -> str:
    """A UK phone number as its digits from the leading 0: "+44 (0)121 704 6000", "0121-704 6000"
    and "0121 7046000" are all "01217046000". Fewer than 6 digits is no number at all ("")."""
    text = (number or "").strip()
    digits = "".join(c for c in text if c.isdigit())
    if text.startswith("+") or digits.startswith("00"):
        digits = digits.lstrip("0")
        if digits.startswith("44"):
            digits = "0" + digits[2:].removeprefix("0")
        else:
            digits = "+" + digits
    return digits if len(digits.lstrip("+")) >= 6 else ""


def email_key(email: str) -> str:
    """An e-mail address in lower case ("" if it is not one)."""
    text = (email or "").strip().casefold()
    return text if "@" in text.strip("@") else ""


def website_key(url: str) -> str:
    """A web address without its scheme, "www.", trailing slash or fragment, in lower case:
    "https://www.Example.org/" and "http://example.org" are both "example.org"."""
    text = (url or "").strip().casefold().split("#")[0]
    text = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text)
    text = text.removeprefix("www.").rstrip("/")
    return text if "." in text else ""


@dataclass(frozen=True)
class Entry:
    """What the rule needs of a directory entry, as written (the rule normalises it)."""

    id: Hashable
    organisation: Hashable
    name: str
    addresses: tuple[str, ...] = ()  # each address as one line, town included
    postcodes: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    websites: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Keys:
    name: str
    addresses: frozenset
    postcodes: frozenset
    phones: frozenset
    emails: frozenset
    websites: frozenset


def _keys(entry: Entry) -> _Keys:
    def keyed(values, key):
        return frozenset(k for k in map(key, values) if k)

    return _Keys(
        name=name_key(entry.name),
        addresses=keyed(entry.addresses, address_key),
        postcodes=keyed(entry.postcodes, postcode_key),
        phones=keyed(entry.phones, phone_key),
        emails=keyed(entry.emails, email_key),
        websites=keyed(entry.websites, website_key),
    )


def _across_organisations(a: _Keys, b: _Keys) -> str | None:
    if not a.name or a.name != b.name:
        return None
    if a.addresses & b.addresses:
        place = "address"
    elif a.postcodes & b.postcodes:
        place = "postcode"
    else:
        return None
    for contact, found in (
        ("phone number", a.phones & b.phones),
        ("e-mail address", a.emails & b.emails),
        ("website", a.websites & b.websites),
    ):
        if found:
            return f"the same name, {place} and {contact}, different organisations"
    return None


def _within_organisation(a: _Keys, b: _Keys) -> str | None:
    if not a.name or not b.name:
        return None
    if a.name == b.name:
        return SAME_NAME_SAME_ORGANISATION
    # The cheap upper bounds first, as difflib.get_close_matches does: most names are far apart.
    matcher = difflib.SequenceMatcher(None, a.name, b.name, autojunk=False)
    if (
        matcher.real_quick_ratio() >= NEARLY_THE_SAME
        and matcher.quick_ratio() >= NEARLY_THE_SAME
        and matcher.ratio() >= NEARLY_THE_SAME
    ):
        return NEARLY_SAME_NAME_SAME_ORGANISATION
    return None


def why_alike(a: Entry, b: Entry) -> str | None:
    """Why the two entries are probably the same service, in words for the moderator, or None if
    they are not likely duplicates (and always None for an entry and itself)."""
    if a.id == b.id:
        return None
    if a.organisation == b.organisation:
        return _within_organisation(_keys(a), _keys(b))
    return _across_organisations(_keys(a), _keys(b))


def pair_key(a: Hashable, b: Hashable) -> frozenset:
    """A pair of entries' ids, the same whichever way round they are given."""
    return frozenset((a, b))


def likely_pairs(
    entries: Iterable[Entry], *, dismissed: Iterable[frozenset] = ()
) -> list[tuple[Hashable, Hashable, str]]:
    """Every pair of likely duplicates among `entries`, as (first id, second id, why), the first being
    the one given first; pairs in `dismissed` (see `pair_key`) are left out."""
    entries = list(entries)
    order = {entry.id: index for index, entry in enumerate(entries)}
    keys = {entry.id: _keys(entry) for entry in entries}
    dismissed = set(dismissed)
    found: dict[frozenset, tuple] = {}

    def consider(a: Entry, b: Entry, why: str | None) -> None:
        pair = pair_key(a.id, b.id)
        if why and a.id != b.id and pair not in dismissed and pair not in found:
            first, second = sorted((a, b), key=lambda e: order[e.id])
            found[pair] = (first.id, second.id, why)

    by_organisation: dict = {}
    by_name: dict = {}
    for entry in entries:
        by_organisation.setdefault(entry.organisation, []).append(entry)
        if keys[entry.id].name:
            by_name.setdefault(keys[entry.id].name, []).append(entry)
    for group in by_organisation.values():
        group = group[:PER_ORGANISATION]
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                consider(a, b, _within_organisation(keys[a.id], keys[b.id]))
    for group in by_name.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if a.organisation != b.organisation:
                    consider(a, b, _across_organisations(keys[a.id], keys[b.id]))
    return sorted(found.values(), key=lambda pair: (order[pair[0]], order[pair[1]]))
