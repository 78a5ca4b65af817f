"""`N_`: marks an interface string for the catalogue where Python defines it, translated only where it is shown.

Facet labels, page titles, the CSV columns' meanings and the facts' names are defined at import time, before any
language is chosen; `N_` leaves them as they are and lets the catalogue's extraction (kparchive/extract_messages.py)
find them. It imports nothing, so any module may mark its strings without depending on the translation machinery.
"""


def N_(message: str) -> str:
    """A message of the interface, as written (English); its translation is looked up where it is shown."""
    return message
