"""Le résumé d'erreurs RGAA, comme classe : chaque formulaire public du portail,
envoyé avec des erreurs, rend une page dont le titre commence par « Erreur : »,
qui montre en tête le résumé (un lien par champ fautif, vers un id de la page) et
qui garde la saisie. Et aucun gabarit ne porte de formulaire POST à champs sans
le résumé : un formulaire nouveau ne peut pas l'oublier."""

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from brest_numerique.templatetags.formulaires import erreurs_de
from tests.commentaires.outils import analyser, horodatage_d_il_y_a
from tests.factories import UserFactory
from tests.internet_pour_tous.factories import LogementFactory
from tests.papi.factories import LieuFactory
from tests.portail.entrees import reglages

RACINE = Path(__file__).resolve().parents[2]


@dataclass
class Envoi:
    """Un formulaire envoyé avec des erreurs : ce que l'on poste, où, en tant que
    qui, les champs qu'il doit signaler et une saisie qu'il doit garder."""

    url: str
    donnees: dict
    fautifs: set[str]
    garde: tuple[str, str]  # (nom du champ, valeur saisie)
    compte: object = None
    prefixe_get: str = ""  # une page à afficher d'abord (cookie CSRF, horodatage)
    extra: dict = field(default_factory=dict)


def _commentaire(client):
    lieu = LieuFactory()
    type_id = ContentType.objects.get_for_model(lieu).pk
    client.get(lieu.get_absolute_url())
    return Envoi(
        url=reverse("commentaires:deposer", args=[type_id, lieu.pk]),
        donnees={
            "nom": "Annaïg Le Gall",
            "email": "pas-une-adresse",
            "texte": "",
            "horodatage": horodatage_d_il_y_a(60, client),
        },
        fautifs={"email", "texte"},
        garde=("nom", "Annaïg Le Gall"),
    )


def _connexion(client):
    UserFactory(email="connue@exemple.fr")
    return Envoi(
        url=reverse("account_login"),
        donnees={"login": "connue@exemple.fr", "password": "pas-le-bon"},
        fautifs=set(),
        garde=("login", "connue@exemple.fr"),
    )


def _inscription(client):
    return Envoi(
        url=reverse("account_signup"),
        donnees={"email": "pas-une-adresse", "password1": "court", "password2": "autre"},
        fautifs={"email", "password1"},
        garde=("email", "pas-une-adresse"),
    )


def _mot_de_passe_oublie(client):
    return Envoi(
        url=reverse("account_reset_password"),
        donnees={"email": "pas-une-adresse"},
        fautifs={"email"},
        garde=("email", "pas-une-adresse"),
    )


def _accompagnement(client):
    return Envoi(
        url=reverse("accompagnement:deposer", args=["cantine"]),
        donnees={"nom": "", "email": "pas-une-adresse", "besoin": "Un local pour nos ateliers"},
        fautifs={"nom", "email", "structure_nom", "structure_type", "stade", "consentement"},
        garde=("besoin", "Un local pour nos ateliers"),
    )


def _internet_pour_tous(client):
    logement = LogementFactory()
    return Envoi(
        url=reverse("internet_pour_tous:demande", args=[logement.residence_id]),
        donnees={"titulaire": "Awa Le Goff", "email": "pas-une-adresse", "logement": "0"},
        fautifs={"email", "logement", "consentement"},
        garde=("titulaire", "Awa Le Goff"),
    )


def _structure(client):
    return Envoi(
        url=reverse("projets:structure_creer"),
        donnees={"nom": "Les Petits Débrouillards", "contact_email": "pas-une-adresse"},
        fautifs={"type", "adresse", "code_postal", "commune", "contact_nom", "contact_email"},
        garde=("nom", "Les Petits Débrouillards"),
        compte=UserFactory(),
    )


def _signalement_d_un_lieu(client):
    lieu = LieuFactory()
    return Envoi(
        url=reverse("papi:signaler", args=[lieu.slug]),
        donnees={"message": "", "email": "pas-une-adresse"},
        fautifs={"message", "email"},
        garde=("email", "pas-une-adresse"),
    )


FORMULAIRES_PUBLICS = {
    "commentaire": _commentaire,
    "connexion": _connexion,
    "inscription": _inscription,
    "mot de passe oublié": _mot_de_passe_oublie,
    "être accompagné": _accompagnement,
    "Internet pour tous": _internet_pour_tous,
    "candidature : déclarer sa structure": _structure,
    "signaler une erreur sur un lieu": _signalement_d_un_lieu,
}


def _titre(page) -> str:
    return page.un("title").texte().replace("\xa0", " ").strip()


def _valeur(page, nom: str) -> str | None:
    for element in page.descendants():
        if element.attribut("name") == nom and element.balise in ("input", "textarea"):
            if element.balise == "textarea":
                # Le navigateur saute le saut de ligne qui suit <textarea> (HTML, § 13.2.6.4.7).
                return element.texte().removeprefix("\n")
            return element.attribut("value")
    return None


@pytest.mark.django_db
@pytest.mark.parametrize("formulaire", FORMULAIRES_PUBLICS)
def test_un_envoi_fautif_montre_le_resume_et_garde_la_saisie(client, formulaire):
    envoi = FORMULAIRES_PUBLICS[formulaire](client)
    if envoi.compte is not None:
        client.force_login(envoi.compte)
    reponse = client.post(envoi.url, envoi.donnees)

    assert reponse.status_code in (200, 400), reponse.status_code
    page = analyser(reponse)
    assert _titre(page).startswith("Erreur : "), _titre(page)
    resumes = [e for e in page.descendants() if "data-resume-erreurs" in dict(e.attributs)]
    assert len(resumes) == 1
    resume = resumes[0]
    assert re.fullmatch(r"Le formulaire contient \d+ erreurs?", resume.un("h2").texte())
    ids = {e.attribut("id"): e for e in page.descendants() if e.attribut("id")}
    signales = set()
    for lien in resume.tous("a"):
        cible = ids.get(lien.attribut("href").removeprefix("#"))
        assert cible is not None, f"le lien {lien.attribut('href')} ne mène à rien"
        signales.add(cible.attribut("name"))
    assert signales == envoi.fautifs
    nom, saisie = envoi.garde
    assert _valeur(page, nom) == saisie


# --- Le résumé d'un formulaire quelconque --------------------------------------

noms_de_champs = st.lists(
    st.from_regex(r"[a-z][a-z_]{0,11}", fullmatch=True), min_size=1, max_size=6, unique=True
)


@reglages(60)
@given(noms=noms_de_champs, donnees=st.data())
def test_le_resume_compte_chaque_champ_fautif_et_les_erreurs_generales(noms, donnees):
    """Pour un formulaire quelconque (champs requis, cachés, à cases), le résumé a une
    entrée par champ fautif, un lien vers chaque champ visible, et rien vers un
    champ caché."""
    from django import forms

    genres = donnees.draw(
        st.lists(
            st.sampled_from(["texte", "cache", "cases"]), min_size=len(noms), max_size=len(noms)
        )
    )
    remplis = donnees.draw(st.lists(st.booleans(), min_size=len(noms), max_size=len(noms)))
    generale = donnees.draw(st.booleans())
    champs = {}
    for nom, genre in zip(noms, genres, strict=True):
        if genre == "texte":
            champs[nom] = forms.CharField()
        elif genre == "cache":
            champs[nom] = forms.CharField(widget=forms.HiddenInput)
        else:
            champs[nom] = forms.MultipleChoiceField(
                choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple
            )

    def clean(self):
        if generale:
            raise forms.ValidationError("Erreur générale")

    Formulaire = type("Formulaire", (forms.Form,), {**champs, "clean": clean})
    envoye = {
        nom: (["a"] if genre == "cases" else "x")
        for nom, genre, rempli in zip(noms, genres, remplis, strict=True)
        if rempli
    }
    formulaire = Formulaire(envoye)
    erreurs = erreurs_de(formulaire)

    vides = [(nom, genre) for nom, genre, r in zip(noms, genres, remplis, strict=True) if not r]
    assert len(erreurs) == len(vides) + generale
    ancres = [e.ancre for e in erreurs if e.ancre]
    attendues = [
        f"id_{nom}_0" if genre == "cases" else f"id_{nom}"
        for nom, genre in vides
        if genre != "cache"
    ]
    assert ancres == attendues
    rendu = formulaire.as_div()
    assert all(f'id="{ancre}"' in rendu for ancre in ancres)
    assert erreurs_de(Formulaire()) == []


# --- Aucun formulaire POST sans résumé -----------------------------------------

FORMULAIRE_POST = re.compile(r"<form\b[^>]*method=\"post\"[^>]*>(.*?)</form>", re.S | re.I)
# Ce qui, dans un formulaire, fait saisir quelque chose (donc peut être refusé).
SAISIE = re.compile(
    r"champ\.html|case\.html|choix\.html|_champs_|<textarea|<select"
    r"|<input(?![^>]*type=\"hidden\")|\{\{\s*\w+\.(?!pk\b|action\b)\w+\s*\}\}|\{\{\s*champ\s*\}\}"
    r"|\{%\s*element fields",
    re.I,
)
RESUME = "includes/resume_erreurs.html"
INCLUSION = re.compile(r"\{%\s*include\s+\"([^\"]+)\"")
# Des formulaires qui ne sont jamais réaffichés avec leurs erreurs : un refus
# revient en message après redirection (post/redirect/get), ou ne peut venir que
# d'un envoi falsifié (page 400).
SANS_REAFFICHAGE = {
    # Les décisions de modération, dont la note facultative, et le rythme des
    # notifications (une liste fixe) : le bilan revient en message dans la file.
    "templates/commentaires/moderation.html",
    "templates/papi/signalements_carte.html",
    # Les actions groupées de l'instruction et les suites d'une demande
    # d'accompagnement : les refus reviennent en messages sur la page.
    "templates/projets/instruction/edition.html",
    "templates/accompagnement/equipe_detail.html",
    # Des cases facultatives (préférences de notification) : rien à refuser.
    "templates/comptes/compte.html",
}


def _porte_le_resume(contenu: str) -> bool:
    """Le résumé est dans le formulaire, ou dans un gabarit qu'il inclut."""
    if RESUME in contenu:
        return True
    return any(
        RESUME in (RACINE / "templates" / inclus).read_text(encoding="utf-8")
        for inclus in INCLUSION.findall(contenu)
        if (RACINE / "templates" / inclus).is_file()
    )


def formulaires_sans_resume() -> list[str]:
    manquants = []
    for gabarit in sorted((RACINE / "templates").rglob("*.html")):
        chemin = str(gabarit.relative_to(RACINE))
        if chemin in SANS_REAFFICHAGE:
            continue
        texte = gabarit.read_text(encoding="utf-8")
        for numero, trouve in enumerate(FORMULAIRE_POST.finditer(texte), start=1):
            contenu = trouve.group(1)
            if SAISIE.search(contenu) and not _porte_le_resume(contenu):
                manquants.append(f"{chemin} (formulaire n° {numero})")
    return manquants


def test_chaque_formulaire_post_a_champs_porte_le_resume_d_erreurs():
    assert formulaires_sans_resume() == []


# La balise <form> et son contenu : POST, ou la méthode que reçoit l'élément
# « form » d'allauth (connexion, inscription, mot de passe oublié…).
FORMULAIRE_A_RESUME = re.compile(
    r"(<form\b[^>]*method=\"(?:post|\{\{ attrs\.method \}\})\"[^>]*>)(.*?)</form>", re.S | re.I
)


def formulaires_valides_par_le_navigateur() -> list[str]:
    """Les formulaires à résumé d'erreurs sans `novalidate` : le navigateur y
    arrêterait l'envoi d'un champ requis vide ou d'une adresse mal écrite par sa
    propre bulle, avant que le portail n'affiche son résumé (RGAA 11.10)."""
    manquants = []
    for gabarit in sorted((RACINE / "templates").rglob("*.html")):
        texte = gabarit.read_text(encoding="utf-8")
        for numero, (balise, contenu) in enumerate(FORMULAIRE_A_RESUME.findall(texte), start=1):
            if _porte_le_resume(contenu) and "novalidate" not in balise:
                manquants.append(f"{gabarit.relative_to(RACINE)} (formulaire n° {numero})")
    return manquants


def test_aucun_formulaire_a_resume_n_est_arrete_par_le_navigateur():
    assert formulaires_valides_par_le_navigateur() == []
    # Garde-fou : l'élément d'allauth (inscription, mot de passe oublié) est lu.
    element = (RACINE / "templates/allauth/elements/form.html").read_text(encoding="utf-8")
    assert FORMULAIRE_A_RESUME.search(element)


def test_l_etiquette_d_une_case_perd_son_point_final_dans_le_resume():
    from django import forms

    class Consentement(forms.Form):
        accord = forms.BooleanField(label="J'accepte le traitement de mes données personnelles.")

    [erreur] = erreurs_de(Consentement({}))

    assert erreur.libelle == "J'accepte le traitement de mes données personnelles"
