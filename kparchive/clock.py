"""The build's one reading of the clock, handed down to every step through the environment.

`make site` runs for minutes, and a step that read the clock for itself could find another day than the
step before it: the offline zip named for one date and the footer offering another's, or a sitemap dated
two ways. So the run reads the clock once, here, and every step reads what it was handed:

- SOURCE_DATE_EPOCH, the run's instant (MkDocs dates its sitemaps by it), unless already set (a
  reproducible build sets it);
- KP_EDITION_DATE, the offline edition's date (mkdocs.offline.yml reads it), unless set (`make site
  EDITION_DATE=…`): that instant's date in UTC.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import MutableMapping
from datetime import UTC, date, datetime

EPOCH = "SOURCE_DATE_EPOCH"
EDITION = "KP_EDITION_DATE"
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SECONDS = re.compile(r"[0-9]{1,12}")


def fix(environ: MutableMapping[str, str] = os.environ) -> date:
    """Read the clock (unless SOURCE_DATE_EPOCH is set) and put the run's instant and edition date in the
    environment for every step; return the edition date. ValueError, one line, for a malformed setting."""
    epoch = environ.get(EPOCH, "")
    if epoch and not _SECONDS.fullmatch(epoch):
        raise ValueError(f"{EPOCH}={epoch!r} is not a number of seconds since 1970")
    instant = int(epoch) if epoch else int(time.time())
    given = environ.get(EDITION, "")
    if given:
        try:
            if not _DAY.fullmatch(given):
                raise ValueError
            edition = date.fromisoformat(given)
        except ValueError:
            raise ValueError(f"{EDITION}={given!r} (EDITION_DATE) is not a date, YYYY-MM-DD") from None
    else:
        edition = datetime.fromtimestamp(instant, UTC).date()
    environ[EPOCH] = str(instant)
    environ[EDITION] = edition.isoformat()
    return edition
