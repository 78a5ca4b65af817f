"""Country detection: names, demonyms, short forms and cities; whole words, longest match first."""

import pytest
import yaml

from kparchive.places import Places
from kparchive.problems import Problems
from kparchive.validate import places_data

from projects import FIXTURE


@pytest.fixture(scope="module")
def places():
    problems = []
    data = places_data(yaml.safe_load((FIXTURE / "places.yml").read_text("utf-8")), Problems(problems, "places.yml"))
    assert problems == []
    return Places(data)


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


# --- French texts: pycountry's French names and places.yml's languages.fr ---------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("le Tchad et la République démocratique du Congo", ["TD", "CD"]),
    ("en RDC, en Côte d'Ivoire et en Côte d’Ivoire", ["CD", "CI", "CI"]),
    ("la République centrafricaine (RCA), ou Centrafrique", ["CF", "CF", "CF"]),
    ("la Guinée, la Guinée-Bissau et la Guinée Équatoriale", ["GN", "GW", "GQ"]),  # as pycountry writes it
    ("les Émirats arabes unis (EAU), Dubaï", ["AE", "AE"]),
    ("le Zimbabwe, la Namibie, l'Afrique du Sud et les États-Unis", ["ZW", "NA", "ZA", "US"]),
    ("the DRC and Zimbabwe", ["CD", "ZW"]),  # the English names hold in a French text too
])
def test_detects_countries_in_french(places, text, expected):
    assert codes_in(places, text, "fr") == expected


@pytest.mark.parametrize("text", [
    "Maurice Dupont et Dominique Martin ont parlé",  # first names, and the French names of Mauritius and Dominica
    "une grenade, la Grenade de Dominique",  # "Grenade": Grenada, and a grenade
    "Car le PK doit agir. CAR TEL EST LE MANDAT.",  # French "car" (because), in capitals too: not the CAR
    "le chili, la dinde, un jersey",  # lower case words are not countries
])
def test_french_words_and_first_names_are_not_countries(places, text):
    assert codes_in(places, text, "fr") == []


def test_an_english_text_is_not_read_with_french_names(places):
    assert codes_in(places, "Maurice Dupont spoke of the RDC and of Tchad", "en") == []
    assert codes_in(places, "Maurice Dupont spoke of the RDC and of Tchad", "fr") == ["CD", "TD"]


def test_other_names_in_both_languages(places):
    assert places.other_names("CD") == [
        ("en", ["Democratic Republic of Congo", "DR Congo", "DRC", "Congo-Kinshasa"]),
        ("fr", ["République démocratique du Congo", "RDC"])]
    assert places.other_names("CI") == [("en", ["Ivory Coast"])]  # "Côte d'Ivoire" is the name shown
    assert ("fr", ["République centrafricaine", "RCA", "Centrafrique"]) in places.other_names("CF")
    assert ("fr", ["Émirats arabes unis", "EAU"]) in places.other_names("AE")
    assert all("Maurice" not in names for _, names in places.other_names("MU"))  # ignored in French


def codes_in(places, text, language):
    return [m.code for m in places.find(text, language)]
