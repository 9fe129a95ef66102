"""Notes: one ACLED-style sentence that summarises an event from its own fields.

Example:
    >>> from sitrep.records import Event
    >>> note(Event(event_id="e", article_id="a", event_type="Battles",
    ...            sub_event_type="Armed clash", fatalities=3))
    'Unidentified actors: armed clash. 3 killed.'
"""

from __future__ import annotations

from sitrep.records import Event, Qualifier

_QUALIFIER_WORDS: dict[Qualifier, str] = {
    "at_least": "at least ",
    "about": "about ",
    "more_than": "more than ",
    "up_to": "up to ",
    "exact": "",
}


def note(event: Event) -> str:
    """One ACLED-style sentence summarising the event from its own fields."""
    when = f"On {event.event_date:%-d %B %Y}, " if event.event_date else ""
    who = _name(event.actor1) or "unidentified actors"
    what = event.sub_event_type.lower()
    whom = f" against {_name(event.actor2)}" if event.actor2 else ""
    backed = f" (backed by {_name(event.assoc_actor1)})" if event.assoc_actor1 else ""
    text = f"{when}{who}{backed}: {what}{whom}."
    if event.fatalities is not None:
        told = f"{_QUALIFIER_WORDS[event.qualifier or 'exact']}{event.fatalities} killed"
        text += f" {told[0].upper()}{told[1:]}"
        if event.revisions:
            text += " (earlier reported: " + ", ".join(str(r.value) for r in event.revisions) + ")"
        text += "."
    if event.injured is not None:
        text += f" {event.injured} injured."
    elif event.injured_mentioned:
        text += " Injuries reported, number not given."
    return text[0].upper() + text[1:]


def fill_country(name: str, country: str | None) -> str:
    """``name`` with its country placeholder filled, or left out where no country is known.

    Example:
        >>> fill_country("Civilians ({country})", None)
        'Civilians'
        >>> fill_country("Police Forces of {country}", "Chad")
        'Police Forces of Chad'
    """
    if country:
        return name.replace("{country}", country)
    return name.replace(" ({country})", "").replace(" of {country}", "").replace("{country}", "")


def _name(actor: str | None) -> str | None:
    return fill_country(actor, None) if actor is not None else None
