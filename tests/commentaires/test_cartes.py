"""Les cartes d'un commentaire, écrites en Python (commentaires/cartes.py pour les
pages publiques, cartes_de_la_file.py pour la modération) : chaque
morceau qui vient de l'auteur ou de la requête reste du texte, quel qu'il soit, et
les actions suivent l'état du commentaire."""

from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from django.utils import dateformat, timezone
from django.utils.html import escape
from hypothesis import given, settings
from hypothesis import strategies as st

from commentaires.cartes import TextesDesCartes, carte
from commentaires.cartes_de_la_file import TextesDeLaFile, _date_ecrite, carte_de_la_file
from commentaires.forms import SignalementForm
from commentaires.lignes_de_la_file import LigneDeLaFile
from commentaires.models import Commentaire
from commentaires.moderation import DecisionForm


class _Lecteur(HTMLParser):
    """Les balises ouvertes (avec leurs attributs) et le texte de chaque élément."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.balises: list[tuple[str, dict]] = []
        self.textes: dict[str, str] = {}
        self._pile: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributs = dict(attrs)
        self.balises.append((tag, attributs))
        self._pile.append(attributs.get("id") or tag)

    def handle_endtag(self, tag):
        if self._pile:
            self._pile.pop()

    def handle_data(self, data):
        if self._pile:
            self.textes[self._pile[-1]] = self.textes.get(self._pile[-1], "") + data


def _lire(html: str) -> _Lecteur:
    lecteur = _Lecteur()
    lecteur.feed(html)
    lecteur.close()
    return lecteur


def _textes(csrf="jeton-csrf") -> TextesDesCartes:
    return TextesDesCartes.pour_la_page(
        raisons=SignalementForm.base_fields["raison"].choices, csrf_token=csrf
    )


def _commentaire(**champs) -> Commentaire:
    valeurs = {
        "pk": 42,
        "nom": "Nolwenn",
        "texte": "Bonjour",
        "publie_le": datetime(2026, 10, 1, 8, 5, tzinfo=UTC),
        "statut": Commentaire.Statut.PUBLIE,
    }
    return Commentaire(**(valeurs | champs))


BALISES_ATTENDUES = {"article", "p", "strong", "time", "div", "a", "span", "details"}
BALISES_ATTENDUES |= {"summary", "form", "input", "label", "select", "option", "button"}


@settings(max_examples=60, deadline=None)
@given(nom=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40))
def test_le_nom_de_l_auteur_reste_du_texte(nom):
    lecteur = _lire(carte(_commentaire(nom=nom), _textes(), reponse=False, fermes=False))

    assert {tag for tag, _ in lecteur.balises} <= BALISES_ATTENDUES
    assert lecteur.textes.get("auteur-42", "") == nom
    # Une seule carte : le nom n'a ouvert aucun élément ni attribut de plus.
    assert sum(1 for tag, _ in lecteur.balises if tag == "article") == 1
    assert all(not nom_attr.startswith("on") for _, attrs in lecteur.balises for nom_attr in attrs)


def test_le_jeton_et_la_date_sont_en_place():
    lecteur = _lire(carte(_commentaire(), _textes('"><b>'), reponse=False, fermes=False))

    jetons = [a["value"] for tag, a in lecteur.balises if a.get("name") == "csrfmiddlewaretoken"]
    assert jetons == ['"><b>']
    (date,) = [a for tag, a in lecteur.balises if tag == "time"]
    assert date["datetime"] == "2026-10-01T10:05:00+02:00"
    assert "1er octobre 2026 à 10\u00a0h\u00a005" in "".join(lecteur.textes.values())


def test_les_actions_suivent_l_etat_du_commentaire():
    def liens(html):
        return [a.get("href", "") for tag, a in _lire(html).balises if tag == "a"]

    textes = _textes()
    assert liens(carte(_commentaire(), textes, reponse=False, fermes=False)) == [
        "?repondre=42#formulaire-commentaire"
    ]
    assert liens(carte(_commentaire(), textes, reponse=True, fermes=False)) == []
    assert liens(carte(_commentaire(), textes, reponse=False, fermes=True)) == []
    retire = carte(_commentaire(supprime_par_auteur=True), textes, reponse=False, fermes=False)
    assert "<form" not in retire and "<a " not in retire
    assert "badge-equipe" in carte(_commentaire(equipe=True), textes, reponse=False, fermes=False)


def _de_la_file(**champs) -> LigneDeLaFile:
    """Un commentaire tel que la file le lit (lignes_de_la_file.py), sans parent ni
    historique, sur une page qui n'existe plus."""
    valeurs = {
        "pk": 42,
        "nom": "Nolwenn",
        "email": "nolwenn@exemple.fr",
        "statut": Commentaire.Statut.EN_ATTENTE,
        "cree_le": datetime(2026, 10, 1, 8, 5, tzinfo=UTC),
        "probablement_indesirable": False,
        "texte": "Bonjour",
        "content_type_id": 1,
        "object_id": 1,
        "nom_du_parent": None,
        "publies_de_l_auteur": 0,
        "refuses_de_l_auteur": 0,
    }
    return LigneDeLaFile(**(valeurs | champs))


def _textes_de_la_file(retour="/moderation/?page=2") -> TextesDeLaFile:
    return TextesDeLaFile.pour_la_page(
        libelles_decisions=DecisionForm.ACTIONS,
        csrf_token="jeton",
        retour=retour,
        statut_filtre="file",
    )


@settings(max_examples=60, deadline=None)
@given(
    nom=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30),
    retour=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30),
)
def test_dans_la_file_nom_adresse_et_retour_restent_du_texte(nom, retour):
    commentaire = _de_la_file(
        nom=nom, email=f"{nom}@exemple.fr", statut=Commentaire.Statut.EN_ATTENTE
    )
    html = carte_de_la_file(commentaire, textes=_textes_de_la_file(retour), liens={})
    lecteur = _lire(html)

    assert {tag for tag, _ in lecteur.balises} <= BALISES_ATTENDUES | {"li", "dl", "dt", "dd"}
    assert f"{nom} <{nom}@exemple.fr>" in "".join(lecteur.textes.values())
    (champ_retour,) = [a for tag, a in lecteur.balises if a.get("name") == "retour"]
    assert champ_retour["value"] == retour
    # En attente : les trois décisions, et le motif du refus.
    boutons = [a["value"] for tag, a in lecteur.balises if tag == "button"]
    assert boutons == ["approuver", "rejeter", "marquer_spam"]
    assert any(a.get("name") == "motif" for _, a in lecteur.balises)


def test_un_commentaire_publie_n_offre_que_les_decisions_permises():
    publie = _de_la_file(statut=Commentaire.Statut.PUBLIE, email="a@exemple.fr")
    lecteur = _lire(carte_de_la_file(publie, textes=_textes_de_la_file(), liens={}))

    boutons = [a["value"] for tag, a in lecteur.balises if tag == "button"]
    assert boutons == [
        action
        for action in ("approuver", "rejeter", "marquer_spam")
        if Commentaire.MACHINE.permise(action, Commentaire.Statut.PUBLIE)
    ]
    assert boutons  # un commentaire publié peut encore être rejeté ou marqué


@settings(max_examples=80, deadline=None)
@given(
    moment=st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
    ),
    fuseau=st.sampled_from(["Europe/Paris", "America/Cayenne", "Indian/Reunion"]),
    format_date=st.sampled_from(["j F Y à H:i", "j/n/Y H\\hi", "l j F"]),
)
def test_la_date_gardee_d_une_carte_de_la_file_est_celle_de_django(moment, fuseau, format_date):
    """Gardée par (instant, format, langue, fuseau) : la même que dateformat, même
    quand le fuseau actif change entre deux cartes du même instant."""
    with timezone.override(fuseau):
        ecrite = _date_ecrite(moment, format_date, "fr", timezone.get_current_timezone())
        attendue = escape(dateformat.format(timezone.localtime(moment), format_date))
    assert ecrite == attendue


@pytest.mark.parametrize(
    ("publies", "refuses", "ecrit"),
    [(0, 0, "0 publié, 0 refusé"), (1, 1, "1 publié, 1 refusé"), (2, 5, "2 publiés, 5 refusés")],
)
def test_l_historique_de_l_auteur_s_accorde_au_nombre(publies, refuses, ecrit):
    ligne = _de_la_file(publies_de_l_auteur=publies, refuses_de_l_auteur=refuses)
    lecteur = _lire(carte_de_la_file(ligne, textes=_textes_de_la_file(), liens={}))

    assert f"<{ligne.email}> · {ecrit}" in "".join(lecteur.textes.values())
