"""Les statistiques : les nombres des graphiques SVG sont ceux du tableau voisin et
ceux de la base ; rien d'une édition aux résultats non publiés."""

import re
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.db.models import Sum
from django.urls import reverse

from projets.deliberation.models import Decision
from projets.laureats.statistiques import chiffres, editions_publiees
from projets.models import Dossier
from tests.projets.factories import ThemeFactory
from tests.projets.laureats.fabriques import (
    brest,
    dossier,
    edition_publiee,
    guipavas,
    laureat,
    structure_collectivite,
)

pytestmark = pytest.mark.django_db
S = Dossier.Statut


@pytest.fixture
def donnees():
    culture = ThemeFactory(libelle="Culture numérique", slug="culture-numerique")
    inclusion = ThemeFactory(libelle="Inclusion", slug="inclusion")
    e1, e2 = edition_publiee(), edition_publiee()
    laureat(e1, themes=[culture], communes=[brest()], montant=Decimal("1000"))
    laureat(
        e1,
        themes=[culture, inclusion],
        communes=[brest(), guipavas()],
        montant=Decimal("750.50"),
        structure=structure_collectivite(),
    )
    dossier(e1, S.IRRECEVABLE, themes=[inclusion], montant_demande=Decimal("300"))
    dossier(e1, S.NON_RETENU, themes=[culture], communes=[guipavas()])
    dossier(e1, S.BROUILLON, themes=[culture], montant_demande=Decimal("99999"))
    laureat(e2, themes=[inclusion], montant=Decimal("2000"))
    dossier(e2, S.LISTE_ATTENTE)
    # Une édition sans résultats publiés : rien n'en sort.
    cachee = edition_publiee(publiee=False)
    laureat(cachee, themes=[culture], montant=Decimal("55555"))
    dossier(cachee, S.EN_JURY, themes=[culture], montant_demande=Decimal("44444"))
    return e1, e2


NOMBRE = re.compile(r"[0-9][0-9\s]*(?:,[0-9]+)?")


def _nombre(texte: str) -> Decimal:
    """Le nombre écrit en tête : « 1 750,50 € accordés » → 1750.50, « 3 reçus » → 3."""
    trouve = NOMBRE.match(texte.strip())
    return Decimal(re.sub(r"\s", "", trouve.group()).replace(",", "."))


def _lire(reponse) -> dict:
    """{section: {categorie: {serie: (valeur SVG, texte SVG, valeur tableau, texte tableau)}}}"""
    page = BeautifulSoup(reponse.content, "html.parser")
    lu = {}
    for section in page.select("section.statistique"):
        table = section.select_one("table")
        svgs = section.select("svg[role=img]")
        assert table.caption and table.select("th[scope=col]") and table.select("th[scope=row]")
        assert len(svgs) == 2
        for svg in svgs:
            assert svg.title.get_text() and svg.desc.get_text()
            assert set(svg["aria-labelledby"].split()) == {svg.title["id"], svg.desc["id"]}
        cellules = {
            (tr["data-categorie"], td["data-serie"]): td
            for tr in table.select("tr[data-categorie]")
            for td in tr.select("td[data-serie]")
        }
        valeurs = {}
        for svg in svgs:
            for groupe in svg.select("g[data-categorie]"):
                for texte in groupe.select("text[data-serie]"):
                    cle = (groupe["data-categorie"], texte["data-serie"])
                    cellule = cellules[cle]
                    valeurs.setdefault(cle[0], {})[cle[1]] = (
                        Decimal(texte["data-valeur"]),
                        _nombre(texte.get_text()),
                        Decimal(cellule["data-valeur"]),
                        _nombre(cellule.get_text()),
                    )
        lu[section["id"]] = valeurs
    return lu


def test_les_nombres_du_svg_sont_ceux_du_tableau_et_de_la_base(client, donnees):
    e1, e2 = donnees
    reponse = client.get(reverse("projets:statistiques"))
    lu = _lire(reponse)
    # Rien de l'édition aux résultats non publiés (55 555 € accordés, 44 444 € demandés).
    assert {e.annee for e in editions_publiees()} == {e1.annee, e2.annee}
    texte = reponse.content.decode().replace("\xa0", "").replace("\u202f", "")
    assert "55555" not in texte and "44444" not in texte

    # Chaque nombre : le même dans l'attribut et le texte du SVG, et dans le tableau.
    for section in lu.values():
        for series in section.values():
            for valeur_svg, texte_svg, valeur_table, texte_table in series.values():
                assert valeur_svg == texte_svg == valeur_table == texte_table

    def v(section, categorie, serie):
        return lu[section][categorie][serie][0]

    # Et ceux de la base, recomptés ici sans le module des statistiques.
    for edition in (e1, e2):
        recus = Dossier.objects.filter(edition=edition).exclude(statut=S.BROUILLON)
        annee = str(edition.annee)
        assert v("editions", annee, "recus") == recus.count()
        assert v("editions", annee, "eligibles") == recus.exclude(statut=S.IRRECEVABLE).count()
        assert v("editions", annee, "retenus") == recus.filter(statut=S.VOTE).count()
        assert v("editions", annee, "demande") == recus.aggregate(s=Sum("montant_demande"))["s"]
        accorde = Decision.objects.filter(dossier__edition=edition, dossier__statut=S.VOTE)
        assert v("editions", annee, "accorde") == accorde.aggregate(s=Sum("montant_accorde"))["s"]
    assert v("editions", "total", "recus") == 6
    assert v("editions", "total", "accorde") == Decimal("3750.50")
    assert v("themes", "culture-numerique", "recus") == 3
    assert v("themes", "culture-numerique", "retenus") == 2
    assert v("themes", "inclusion", "accorde") == Decimal("2750.50")
    assert v("communes", "29019", "retenus") == 2
    assert v("communes", "29075", "recus") == 2
    assert v("communes", "non-precisee", "recus") == 3
    assert v("types", "collectivite", "accorde") == Decimal("750.50")
    assert v("types", "association", "recus") == 5


def test_le_filtre_par_edition(client, donnees):
    e1, e2 = donnees
    lu = _lire(client.get(reverse("projets:statistiques"), {"edition": e2.annee}))
    assert set(lu["editions"]) == {str(e2.annee), "total"}
    assert lu["editions"]["total"]["recus"][0] == 2
    assert set(lu["themes"]) == {"inclusion", "sans-theme"}


def test_une_edition_invalide_inconnue_ou_non_publiee(client):
    publiee, cachee = edition_publiee(), edition_publiee(publiee=False)
    url = reverse("projets:statistiques")
    for valeur, statut in [
        ("abc", 400),
        ("²", 400),
        ("1" * 40, 400),
        ("1999", 400),
        ("2100", 404),
        (str(cachee.annee), 404),
        (str(publiee.annee), 200),
    ]:
        assert client.get(url, {"edition": valeur}).status_code == statut, valeur
    assert client.get(url, {"edition": [publiee.annee, publiee.annee]}).status_code == 400


def test_sans_edition_publiee_la_page_le_dit(client):
    reponse = client.get(reverse("projets:statistiques"))
    assert reponse.status_code == 200
    assert "Aucune édition" in reponse.content.decode()
    assert chiffres([]).total.recus == 0
