"""Country detection: names, demonyms, short forms and cities; whole words, longest match first."""

import pytest
import yaml

from kparchive.places import Places

from projects import FIXTURE


@pytest.fixture(scope="module")
def places():
    return Places(yaml.safe_load((FIXTURE / "places.yml").read_text("utf-8")))


def codes(places, text):
    return [m.code for m in places.find(text)]


@pytest.mark.parametrize("text, expected", [
    ("the Democratic Republic of Congo and the Republic of Congo", ["CD", "CG"]),
    ("CLONG (Republic of Congo), CENADEP (Democratic Republic of Congo)", ["CG", "CD"]),
    ("the DRC and CAR", ["CD", "CF"]),
    ("tools to identify Ivorian diamonds from Côte d'Ivoire", ["CI", "CI"]),
    ("the Zimbabwean Minister", ["ZW"]),
    ("smuggling into Mozambique, South Africa, UAE and India", ["MZ", "ZA", "AE", "IN"]),
    ("the 2018 KP Brussels Plenary", ["BE"]),
    ("later in St. Petersburg in August 2010", ["RU"]),
    ("until the European Union, the United States and the World Diamond Council", ["EU", "US"]),
    ("under Russia's chairmanship, the Russian Chair", ["RU", "RU"]),
    ("Guinea-Bissau is not Guinea", ["GW", "GN"]),
    ("Papua New Guinea", ["PG"]),
])
def test_detects_countries(places, text, expected):
    assert codes(places, text) == expected


@pytest.mark.parametrize("text", [
    "Susanne Emond from Partnership Africa Canada said",  # an organisation's name, not Canada
    "a chad of paper, a turkey dinner",  # lower case words are not countries
    "Nigerians", "Chinatown", "Indiana",  # whole words only
    "South Africans",  # not a demonym we list
])
def test_ignores_look_alikes(places, text):
    assert codes(places, text) == []


def test_names_and_codes(places):
    assert places.name("CD") == "Democratic Republic of the Congo"
    assert places.name("CG") == "Republic of the Congo"
    assert places.name("EU") == "European Union"
    assert places.name("ZW") == "Zimbabwe"
    assert places.is_code("EU") and places.is_code("ZW") and not places.is_code("XX")
    assert places.unknown_codes() == []
