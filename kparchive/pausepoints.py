"""Named points where a build stops itself for a test: `KP_TEST_PAUSE_AT=site:switch` (several: commas).

A test that must kill a build at an exact moment (between two steps, after the Nth page, between two renames)
sets the point; the build sends itself SIGSTOP there, and the test looks at what it has written, then kills
it or lets it go on (SIGCONT). Without the setting nothing stops. build_index's own points ("staged",
"switch:N") are kparchive/write.py's.
"""

from __future__ import annotations

import os
import signal

SETTING = "KP_TEST_PAUSE_AT"


def pause(point: str) -> None:
    if point in os.environ.get(SETTING, "").split(","):
        os.kill(os.getpid(), signal.SIGSTOP)
