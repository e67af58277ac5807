"""Seeds the species common in Bishkek's streets and parks."""
from django.db import migrations

# scientific name, genus, family, Russian, Kyrgyz, English, native, max height m, max trunk cm, synonyms
SPECIES = [
    ("Ulmus pumila", "Ulmus", "Ulmaceae", "Вяз приземистый (карагач)", "Кара жыгач", "Siberian elm", False, 25, 150, ["Карагач", "Вяз мелколистный"]),
    ("Ulmus minor", "Ulmus", "Ulmaceae", "Вяз малый", "Кичи кара жыгач", "Field elm", False, 30, 180, ["Ulmus carpinifolia"]),
    ("Populus alba", "Populus", "Salicaceae", "Тополь белый", "Ак терек", "White poplar", True, 35, 200, []),
    ("Populus nigra 'Italica'", "Populus", "Salicaceae", "Тополь пирамидальный", "Пирамида терек", "Lombardy poplar", False, 35, 150, ["Populus pyramidalis", "Тополь итальянский"]),
    ("Populus talassica", "Populus", "Salicaceae", "Тополь таласский", "Талас терек", "Talas poplar", True, 30, 150, []),
    ("Acer negundo", "Acer", "Sapindaceae", "Клён ясенелистный", "Шумтал жалбырактуу клён", "Box elder", False, 20, 100, ["Клен американский"]),
    ("Acer platanoides", "Acer", "Sapindaceae", "Клён остролистный", "Учтуу жалбырактуу клён", "Norway maple", False, 25, 120, []),
    ("Acer turkestanicum", "Acer", "Sapindaceae", "Клён туркестанский", "Түркстан клёну", "Turkestan maple", True, 15, 80, ["Acer semenovii"]),
    ("Fraxinus pennsylvanica", "Fraxinus", "Oleaceae", "Ясень пенсильванский", "Пенсильвания шумтал", "Green ash", False, 25, 100, ["Fraxinus lanceolata"]),
    ("Fraxinus excelsior", "Fraxinus", "Oleaceae", "Ясень обыкновенный", "Кадимки шумтал", "European ash", False, 35, 150, []),
    ("Fraxinus sogdiana", "Fraxinus", "Oleaceae", "Ясень согдийский", "Согди шумтал", "Sogdian ash", True, 25, 120, ["Fraxinus potamophila"]),
    ("Betula pendula", "Betula", "Betulaceae", "Берёза повислая", "Ак кайың", "Silver birch", False, 25, 80, ["Берёза бородавчатая"]),
    ("Picea schrenkiana", "Picea", "Pinaceae", "Ель Шренка (тянь-шаньская)", "Тянь-Шань карагайы", "Tian Shan spruce", True, 40, 120, ["Ель тяньшанская"]),
    ("Picea pungens", "Picea", "Pinaceae", "Ель колючая", "Тикенек карагай", "Blue spruce", False, 25, 80, ["Ель голубая"]),
    ("Pinus sylvestris", "Pinus", "Pinaceae", "Сосна обыкновенная", "Кадимки кызыл карагай", "Scots pine", False, 30, 100, []),
    ("Pinus pallasiana", "Pinus", "Pinaceae", "Сосна крымская", "Крым кызыл карагайы", "Crimean pine", False, 30, 100, ["Pinus nigra subsp. pallasiana"]),
    ("Juniperus virginiana", "Juniperus", "Cupressaceae", "Можжевельник виргинский", "Виргиния арчасы", "Eastern red cedar", False, 20, 80, []),
    ("Juniperus seravschanica", "Juniperus", "Cupressaceae", "Можжевельник зеравшанский", "Зарафшан арчасы", "Zeravshan juniper", True, 15, 150, ["Арча"]),
    ("Quercus robur", "Quercus", "Fagaceae", "Дуб черешчатый", "Эмен", "English oak", False, 35, 250, ["Дуб обыкновенный"]),
    ("Aesculus hippocastanum", "Aesculus", "Sapindaceae", "Конский каштан", "Ат каштаны", "Horse chestnut", False, 25, 150, []),
    ("Tilia cordata", "Tilia", "Malvaceae", "Липа мелколистная", "Майда жалбырактуу жөкө", "Small-leaved linden", False, 30, 150, []),
    ("Salix alba", "Salix", "Salicaceae", "Ива белая", "Ак тал", "White willow", True, 25, 150, ["Ветла"]),
    ("Salix babylonica", "Salix", "Salicaceae", "Ива вавилонская", "Салаңдаган тал", "Weeping willow", False, 15, 100, ["Ива плакучая"]),
    ("Juglans regia", "Juglans", "Juglandaceae", "Орех грецкий", "Жаңгак", "Walnut", True, 25, 200, ["Орех"]),
    ("Prunus armeniaca", "Prunus", "Rosaceae", "Абрикос обыкновенный", "Өрүк", "Apricot", True, 12, 60, ["Урюк", "Абрикос"]),
    ("Malus domestica", "Malus", "Rosaceae", "Яблоня домашняя", "Алма", "Apple", False, 12, 60, ["Яблоня"]),
    ("Malus sieversii", "Malus", "Rosaceae", "Яблоня Сиверса", "Сиверс алмасы", "Wild apple", True, 15, 80, []),
    ("Robinia pseudoacacia", "Robinia", "Fabaceae", "Робиния ложноакациевая (белая акация)", "Ак акация", "Black locust", False, 25, 100, ["Акация белая"]),
    ("Styphnolobium japonicum", "Styphnolobium", "Fabaceae", "Софора японская", "Жапон софорасы", "Japanese pagoda tree", False, 20, 100, ["Sophora japonica", "Софора"]),
    ("Catalpa bignonioides", "Catalpa", "Bignoniaceae", "Катальпа бигнониевидная", "Катальпа", "Southern catalpa", False, 15, 80, ["Катальпа"]),
    ("Thuja occidentalis", "Thuja", "Cupressaceae", "Туя западная", "Батыш туясы", "Northern white cedar", False, 15, 60, ["Туя"]),
    ("Platycladus orientalis", "Platycladus", "Cupressaceae", "Биота восточная", "Чыгыш туясы", "Oriental arborvitae", False, 15, 60, ["Thuja orientalis", "Туя восточная"]),
    ("Platanus orientalis", "Platanus", "Platanaceae", "Платан восточный (чинара)", "Чынар", "Oriental plane", False, 35, 300, ["Чинара"]),
    ("Morus alba", "Morus", "Moraceae", "Шелковица белая", "Ак тут", "White mulberry", False, 15, 100, ["Тутовник", "Тут"]),
    ("Gleditsia triacanthos", "Gleditsia", "Fabaceae", "Гледичия трёхколючковая", "Гледичия", "Honey locust", False, 25, 100, []),
    ("Ailanthus altissima", "Ailanthus", "Simaroubaceae", "Айлант высочайший", "Айлант", "Tree of heaven", False, 25, 100, []),
    ("Celtis caucasica", "Celtis", "Cannabaceae", "Каркас кавказский", "Кавказ каркасы", "Caucasian hackberry", True, 20, 100, []),
    ("Sorbus tianschanica", "Sorbus", "Rosaceae", "Рябина тяньшанская", "Тянь-Шань четиндиси", "Tian Shan rowan", True, 6, 30, []),
]


def seed(apps, schema_editor):
    Species = apps.get_model("trees", "Species")
    for (latin, genus, family, ru, ky, en, native, max_h, max_d, synonyms) in SPECIES:
        Species.objects.update_or_create(
            scientific_name=latin,
            defaults=dict(genus=genus, family=family, name_ru=ru, name_ky=ky, name_en=en, synonyms=synonyms,
                          native_to_kyrgyzstan=native, max_height_m=max_h, max_trunk_diameter_cm=max_d),
        )


def unseed(apps, schema_editor):
    apps.get_model("trees", "Species").objects.filter(scientific_name__in=[s[0] for s in SPECIES], trees=None).delete()


class Migration(migrations.Migration):
    dependencies = [("trees", "0002_append_only_history")]
    operations = [migrations.RunPython(seed, unseed)]
