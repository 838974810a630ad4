"""La validation d'une ligne au standard, partagée par l'import et l'administration."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from hypothesis import given, settings
from hypothesis import strategies as st

from papi.referentiel import MULTIVALUEES, SEPARATEUR
from papi.validation import COURRIEL, COURRIEL_SUR, URL, URL_SURE, valider_ligne
from tests.papi.fichiers import ligne_du_standard

ENUMERATIONS = {colonne: permises for colonne, permises in MULTIVALUEES.items() if permises}


def erreurs_de(**surcharges: str) -> list[str]:
    return valider_ligne(ligne_du_standard(**surcharges))[1]


def test_une_ligne_complete_est_acceptee_avec_les_noms_des_champs_du_modele():
    valeurs, erreurs = valider_ligne(ligne_du_standard())

    assert erreurs == []
    assert valeurs["identifiant"] == "mediatheque-bellevue"
    assert "id" not in valeurs
    assert valeurs["latitude"] == 48.3986
    assert valeurs["date_maj"] == date(2025, 3, 14)
    assert valeurs["services"] == [
        "Accès internet et matériel informatique",
        "Loisirs et créations numériques",
    ]


@pytest.mark.parametrize("colonne", sorted(ENUMERATIONS))
def test_chaque_libelle_de_chaque_enumeration_est_accepte(colonne):
    for libelle in ENUMERATIONS[colonne]:
        valeurs, erreurs = valider_ligne(ligne_du_standard(**{colonne: libelle}))
        assert erreurs == [], (colonne, libelle)
        assert valeurs[colonne] == [libelle]
    tous = SEPARATEUR.join(ENUMERATIONS[colonne])
    assert valider_ligne(ligne_du_standard(**{colonne: tous}))[0][colonne] == ENUMERATIONS[colonne]


@pytest.mark.parametrize("colonne", sorted(ENUMERATIONS))
def test_un_libelle_inconnu_est_refuse_avec_le_nom_de_la_colonne(colonne):
    valide = ENUMERATIONS[colonne][0]

    erreurs = erreurs_de(**{colonne: f"{valide}|Libellé inventé"})

    assert len(erreurs) == 1
    assert colonne in erreurs[0]
    assert "« Libellé inventé »" in erreurs[0]


def test_un_libelle_doit_etre_exact_casse_et_accents_compris():
    assert erreurs_de(services="aide aux demarches administratives")
    assert erreurs_de(publics_specifiquement_adresses="Etudiants")


def test_les_espaces_autour_des_libelles_sont_toleres():
    valeurs, erreurs = valider_ligne(ligne_du_standard(frais_a_charge=" Gratuit | Payant "))

    assert erreurs == []
    assert valeurs["frais_a_charge"] == ["Gratuit", "Payant"]


@pytest.mark.parametrize(
    "horaires",
    ["Mo-Fr 25:00-26:00", "lundi 9h-12h", "Mo-Fr 09:00-12:00;;", "Mo-Fr 09:00"],
)
def test_des_horaires_illisibles_sont_refuses_avec_une_explication(horaires):
    erreurs = erreurs_de(horaires=horaires)

    assert len(erreurs) == 1
    assert erreurs[0].startswith("Horaires invalides")
    assert "format OpenStreetMap" in erreurs[0]


def test_des_horaires_avec_jours_feries_ou_vides_sont_acceptes():
    assert erreurs_de(horaires="Mo-Fr 09:00-12:00; PH off") == []
    assert erreurs_de(horaires="") == []


@pytest.mark.parametrize("code", ["2920", "292000", "29 20", "ABCDE"])
def test_un_code_postal_mal_forme_est_refuse(code):
    assert erreurs_de(code_postal=code) == [
        f"Code postal invalide « {code} »\u00a0: 5 chiffres attendus."
    ]


@pytest.mark.parametrize("code", ["2C004", "29O19", "2901", "20000"])
def test_un_code_insee_mal_forme_est_refuse(code):
    erreurs = erreurs_de(code_insee=code)

    assert len(erreurs) == 1
    assert erreurs[0].startswith(f"Code INSEE invalide « {code} »")


@pytest.mark.parametrize("code", ["29019", "2A004", "2B033", "97411", ""])
def test_les_codes_insee_corse_et_outre_mer_compris_sont_acceptes(code):
    assert erreurs_de(code_insee=code) == []


@pytest.mark.parametrize("pivot", ["12345678", "4349331230002912", "434 933 123 00029", "W29-1000"])
def test_un_pivot_mal_forme_est_refuse(pivot):
    erreurs = erreurs_de(pivot=pivot)

    assert len(erreurs) == 1
    assert "pivot" in erreurs[0]


@pytest.mark.parametrize("pivot", ["43493312300029", "W291000123"])
def test_un_siret_ou_un_numero_rna_est_un_pivot_valide(pivot):
    assert erreurs_de(pivot=pivot) == []


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [("52.52", "13.40"), ("40.4168", "-3.7038"), ("0", "0"), ("nan", "nan")],
)
def test_des_coordonnees_hors_de_france_sont_refusees(latitude, longitude):
    erreurs = erreurs_de(latitude=latitude, longitude=longitude)

    assert len(erreurs) == 1
    assert erreurs[0].startswith("Coordonnées hors de France")


def test_latitude_et_longitude_inversees_sont_refusees_avec_un_indice():
    erreurs = erreurs_de(latitude="-4.5044", longitude="48.3986")

    assert erreurs == [
        "Coordonnées hors de France (-4.5044, 48.3986)\u00a0: latitude et longitude inversées\u202f?"
    ]


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [("-20.8823", "55.4504"), ("41.9192", "8.7386"), ("4.9372", "-52.326"), ("48,3986", "-4,5")],
)
def test_des_coordonnees_outre_mer_en_corse_ou_a_virgule_decimale_sont_acceptees(
    latitude, longitude
):
    assert erreurs_de(latitude=latitude, longitude=longitude) == []


def test_une_latitude_sans_longitude_est_refusee():
    assert erreurs_de(longitude="") == [
        "Latitude et longitude vont ensemble\u00a0: renseignez les deux ou aucune."
    ]
    assert erreurs_de(latitude="", longitude="") == []


def test_une_coordonnee_qui_n_est_pas_un_nombre_est_refusee():
    assert "latitude n'est pas un nombre\u00a0: « 48°23' »." in erreurs_de(latitude="48°23'")


@pytest.mark.parametrize("colonne", ["id", "pivot", "nom", "commune", "code_postal", "adresse"])
def test_chaque_colonne_obligatoire_doit_etre_remplie(colonne):
    assert f"La colonne {colonne} est obligatoire." in erreurs_de(**{colonne: "  "})


def test_une_ligne_sans_colonnes_obligatoires_les_nomme_toutes():
    ligne = ligne_du_standard()
    del ligne["nom"], ligne["date_maj"]

    erreurs = valider_ligne(ligne)[1]

    assert "La colonne nom est obligatoire." in erreurs
    assert "La colonne date_maj est obligatoire." in erreurs


def test_toutes_les_raisons_d_un_refus_sont_donnees_d_un_coup():
    erreurs = erreurs_de(code_postal="29", horaires="n'importe quoi", services="Tout")

    assert len(erreurs) == 3


@pytest.mark.parametrize(
    ("colonne", "valeur", "debut"),
    [
        ("date_maj", "14/03/2025", "date_maj invalide « 14/03/2025 »"),
        ("telephone", "02 98 00 12 34", "Téléphone invalide"),
        ("courriels", "contact@", "Courriel invalide « contact@ »"),
        ("site_web", "www.brest.fr", "Adresse web invalide « www.brest.fr »"),
        ("prise_rdv", "rdv-solidarites", "prise_rdv\u00a0: adresse web invalide"),
        ("presentation_resume", "x" * 281, "presentation_resume dépasse 280 caractères"),
        ("nom", "x" * 251, "nom dépasse 250 caractères"),
    ],
)
def test_les_autres_valeurs_mal_formees_sont_refusees(colonne, valeur, debut):
    erreurs = erreurs_de(**{colonne: valeur})

    assert len(erreurs) == 1
    assert erreurs[0].startswith(debut)


# --- Les validateurs de liens et de courriels : même verdict que ceux de Django ---

_DJANGO_URL, _DJANGO_COURRIEL = URLValidator(), EmailValidator()


def _accepte(validateur, valeur: str) -> bool:
    try:
        validateur(valeur)
    except ValidationError:
        return False
    return True


@settings(max_examples=300)
@given(st.from_regex(URL_SURE, fullmatch=True))
def test_toute_url_de_la_forme_sure_est_acceptee_par_django(url):
    assert _accepte(_DJANGO_URL, url)


@settings(max_examples=300)
@given(st.from_regex(COURRIEL_SUR, fullmatch=True))
def test_tout_courriel_de_la_forme_sure_est_accepte_par_django(courriel):
    assert _accepte(_DJANGO_COURRIEL, courriel)


# Des textes qui ressemblent à des liens et des courriels, justes ou non : points
# doublés, tirets en bord d'étiquette, espaces, majuscules, ports, accents.
_MORCEAUX = st.sampled_from(
    ["a", "z9", "-", ".", "..", "_", "@", ":", "/", "//", " ", "é", "X", "xn--", "8080", "?q=1"]
)
_PRESQUE = st.lists(_MORCEAUX, max_size=12).map("".join)


@settings(max_examples=400)
@given(st.sampled_from(["https://", "http://", "ftp://", "htp://", ""]), _PRESQUE, _PRESQUE)
def test_le_validateur_d_url_du_portail_rend_le_verdict_de_django(schema, hote, chemin):
    url = f"{schema}{hote}.fr{chemin}"
    assert _accepte(URL, url) == _accepte(_DJANGO_URL, url)


@settings(max_examples=400)
@given(_PRESQUE, _PRESQUE)
def test_le_validateur_de_courriel_du_portail_rend_le_verdict_de_django(avant, apres):
    courriel = f"{avant}@{apres}.fr"
    assert _accepte(COURRIEL, courriel) == _accepte(_DJANGO_COURRIEL, courriel)
