"""Meetings as iCalendar (RFC 5545), so a board member can add them to their calendar. No Django
imports: the caller passes plain values."""

from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class Event:
    uid: str
    starts: datetime  # timezone-aware
    ends: datetime | None
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""
    cancelled: bool = False


def _text(value: str) -> str:
    """Escape TEXT values: backslash, semicolon, comma and line breaks (RFC 5545 3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded with CRLF and a space (RFC 5545 3.1), never inside a
    UTF-8 character."""
    out, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(events: list[Event], *, name: str, stamp: datetime) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Equal Chance//Plans and governance//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_text(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{_utc(stamp)}",
            f"DTSTART:{_utc(event.starts)}",
        ]
        if event.ends:
            lines.append(f"DTEND:{_utc(event.ends)}")
        lines.append(f"SUMMARY:{_text(event.summary)}")
        if event.location:
            lines.append(f"LOCATION:{_text(event.location)}")
        if event.description:
            lines.append(f"DESCRIPTION:{_text(event.description)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        lines.append(f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
