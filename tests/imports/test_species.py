import pytest

from imports.species import SpeciesIndex
from trees.models import Species


@pytest.fixture
def index(db):
    return SpeciesIndex()


@pytest.mark.parametrize("written", ["Ulmus pumila", "  ulmus   PUMILA ", "Карагач", "карагач", "Вяз приземистый",
                                     "Вяз приземистый (карагач)", "Кара жыгач", "Siberian elm", "Ulmus pumila L.",
                                     "Вяз мелколистный"])
def test_an_elm_is_recognised_by_any_of_its_names(index, written):
    assert index.match(written).species_id == Species.objects.get(scientific_name="Ulmus pumila").pk


def test_a_synonym_and_a_cultivar_without_quotes_are_recognised(index):
    assert index.names[index.match("Sophora japonica").species_id] == "Styphnolobium japonicum"
    assert index.names[index.match("Populus nigra Italica").species_id] == "Populus nigra 'Italica'"
    assert index.names[index.match("Берёза повислая").species_id] == "Betula pendula"
    assert index.names[index.match("береза повислая").species_id] == "Betula pendula"


def test_an_unknown_name_is_reported_never_created(index):
    found = index.match("Quercus imaginaria")

    assert found.species_id is None
    assert "'Quercus imaginaria' is not in the species list" in found.problem
    assert not Species.objects.filter(scientific_name__icontains="imaginaria").exists()


def test_a_name_shared_by_two_species_asks_for_the_latin_name(db):
    Species.objects.create(scientific_name="Ulmus laevis", genus="Ulmus", family="Ulmaceae", name_ru="Вяз гладкий",
                           name_ky="Жылма кара жыгач", name_en="European white elm", synonyms=["Карагач"])

    found = SpeciesIndex().match("карагач")

    assert found.species_id is None
    assert "could be any of Ulmus laevis, Ulmus pumila" in found.problem
