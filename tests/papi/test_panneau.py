"""Le panneau des filtres gardé rendu (papi/panneau.py) : le même HTML que s'il était
rendu à neuf, sous la clé de tout ce dont il dépend, et rien d'autre."""

import pytest
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from papi import panneau
from papi.filtres import LIBELLES, FiltresLieux
from papi.models import Lieu
from papi.services import communes, lieux_publier
from tests.papi.factories import LieuFactory
from tests.papi.test_facettes import options

pytestmark = pytest.mark.django_db

DEMARCHES = "Aide aux démarches administratives"


def filtres(requete: str) -> FiltresLieux:
    return FiltresLieux(QueryDict(requete), communes=communes())


# Des valeurs reçues de toutes sortes : valables, hors du référentiel, trop longues,
# cases cochées, paramètres inconnus.
valeurs = st.one_of(
    st.sampled_from(["", "29019", "29075", "99999", "on", "1", DEMARCHES, "Astrologie"]),
    st.sampled_from(LIBELLES["service"] + LIBELLES["frais"]),
    st.text(max_size=120),
)
champs = st.sampled_from(
    ["q", "adresse", "commune", "service", "frais", "ouvert", "wifi", "tri", "lat", "_", "page"]
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(donnees=st.lists(st.tuples(champs, valeurs), max_size=5))
def test_le_panneau_garde_est_celui_qu_on_rendrait_a_neuf(donnees):
    # Sans géocodeur : une adresse reçue ne fait que passer le tri à « distance ».
    requete = QueryDict(mutable=True)
    for nom, valeur in donnees:
        requete.appendlist(nom, valeur)
    texte = requete.urlencode()

    # La mémoire n'est pas vidée d'un exemple à l'autre : deux filtres qui
    # partageraient une clé sans partager leur rendu se verraient.
    garde = panneau.panneau_des_filtres(filtres(texte))

    assert garde == panneau.rendre_le_panneau(filtres(texte))
    assert panneau.panneau_des_filtres(filtres(texte)) == garde


def test_un_parametre_inconnu_ou_la_page_ne_changent_pas_la_cle():
    cle = panneau.cle_du_panneau(filtres("q=mediatheque&commune=29019"))

    assert panneau.cle_du_panneau(filtres("q=mediatheque&commune=29019&_=123&page=4")) == cle
    assert panneau.cle_du_panneau(filtres("commune=29019&q=mediatheque")) == cle
    assert panneau.cle_du_panneau(filtres("q=mediatheques&commune=29019")) != cle
    assert panneau.cle_du_panneau(filtres("q=mediatheque&commune=29019&wifi=on")) != cle


def test_une_valeur_invalide_garde_son_erreur_dans_le_panneau():
    html = panneau.panneau_des_filtres(filtres("service=Astrologie"))
    valable = panneau.panneau_des_filtres(filtres("service=" + DEMARCHES))

    assert "Certains filtres sont invalides" in html
    assert "Certains filtres sont invalides" not in valable


def test_publier_un_lieu_refait_le_panneau(django_capture_on_commit_callbacks):
    LieuFactory(services=[DEMARCHES], commune="Guipavas", code_insee="29075")
    brouillon = LieuFactory(
        services=[DEMARCHES], commune="Guipavas", code_insee="29075", publie=False
    )
    avant = panneau.panneau_des_filtres(filtres("commune=29075"))

    with django_capture_on_commit_callbacks(execute=True):
        lieux_publier(lieux=Lieu.objects.filter(pk=brouillon.pk), publie=True)
    apres = panneau.panneau_des_filtres(filtres("commune=29075"))

    assert options(avant, "commune")["29075"] == "Guipavas (1)"
    assert options(apres, "commune")["29075"] == "Guipavas (2)"


def test_la_page_de_l_annuaire_montre_le_panneau_garde(client):
    LieuFactory(services=[DEMARCHES])
    premiere = client.get("/papi/", {"service": DEMARCHES, "_": "1"}).content.decode()
    seconde = client.get("/papi/", {"service": DEMARCHES, "_": "2"}).content.decode()

    assert options(premiere, "service")[DEMARCHES] == f"{DEMARCHES} (1)"
    gardee = panneau.PANNEAUX.lire(panneau.cle_du_panneau(filtres(f"service={DEMARCHES}")))
    assert gardee is not None and gardee in premiere and gardee in seconde


def test_reduire_les_listes_d_un_formulaire_ne_touche_ni_aux_autres_ni_a_la_classe():
    """Chaque formulaire a sa copie des listes (filtres.ListeDeFiltre, copie peu
    profonde) : la réduire aux facettes, ou en changer les communes, ne se voit
    ni sur un autre formulaire ni sur les champs de la classe."""
    avant = {
        nom: list(champ.choices)
        for nom, champ in FiltresLieux.base_fields.items()
        if hasattr(champ, "choices")
    }
    reduit, autre = filtres("service=" + DEMARCHES), filtres("")

    reduit.restreindre_aux_facettes({"service": {DEMARCHES: 3}, "commune": {"29019": 2}})

    assert [v for v, _ in reduit.fields["service"].choices] == ["", DEMARCHES]
    assert [v for v, _ in reduit.fields["service"].widget.choices] == ["", DEMARCHES]
    assert [v for v, _ in reduit.fields["commune"].choices] == ["", "29019"]
    for nom, choix in avant.items():
        assert list(FiltresLieux.base_fields[nom].choices) == choix
        if nom != "commune":  # posée par chaque formulaire, d'après les communes
            assert list(autre.fields[nom].choices) == choix
            assert list(autre.fields[nom].widget.choices) == choix
    assert len(autre.fields["commune"].choices) == len(communes()) + 1
