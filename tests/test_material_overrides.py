"""The theme's copies of Material's templates, checked against the installed Material: an upgrade that
changes a template we copied fails here, so the copy is reviewed (re-apply our change to the new version,
then record its digest) instead of silently drifting from Material."""

import hashlib
import re
from importlib.metadata import version
from pathlib import Path

import material
import pytest

from projects import ROOT

TEMPLATES = Path(material.__file__).parent / "templates"
# Our file (and the block copied, where a file copies more than one) -> (Material's template, the block copied
# from it or None for the whole file, its sha256 when copied).
COPIES = {
    "overrides/partials/header.html": ("partials/header.html", None,
                                       "8cf3fb15bcf969ff596649616fd99366b3c31c08d57a86d05308efc16d8fa75f"),
    "overrides/partials/search.html": ("partials/search.html", None,
                                       "bfd556535abcddb99396ab2a7e3acc2ebcd3f36756007d3969396caa4126be30"),
    "overrides/partials/toc.html": ("partials/toc.html", None,
                                    "fde48f583563364b0e0e6865a5ab1e7060ec1826161f69f5cbee653e621b0f84"),
    "overrides/partials/kp-toc-item.html": ("partials/toc-item.html", None,
                                            "418f31ce2e6d559934f610084a5c8493f9618b96268909601552ac48aa0c15c2"),
    "overrides/partials/copyright.html": ("partials/copyright.html", None,
                                          "bc86bca3bf75070fe5d72e2a3463bdddf87c10f4d6459c945fe81c5d384e35ea"),
    "overrides/main.html": ("base.html", "site_meta",
                            "e306b9472bf91403943802f57b9a77a72eabbd2612dfcf341a7c228d6aa8223f"),
    "overrides/main.html site_nav": ("base.html", "site_nav",
                                     "08b0b8418133d46ea078a7737f096bed62048ed4be5f9c1ba790b3cd3f498cbc"),
}


def upstream(template: str, block: str | None) -> str:
    text = (TEMPLATES / template).read_text("utf-8")
    if block is None:
        return text
    match = re.search(r"\{% block " + block + r" %\}.*?\{% endblock %\}", text, re.S)
    assert match, f"Material's {template} has no block {block} any more"
    return match.group(0)


@pytest.mark.parametrize("ours", COPIES)
def test_our_copy_of_a_material_template_matches_the_installed_material(ours):
    template, block, digest = COPIES[ours]
    assert (ROOT / ours.split()[0]).is_file()
    found = hashlib.sha256(upstream(template, block).encode("utf-8")).hexdigest()
    assert found == digest, (
        f"Material {version('mkdocs-material')} changed {template}{f' (block {block})' if block else ''}, "
        f"which {ours} copies: compare the two, re-apply our change, then record its digest {found} here")
