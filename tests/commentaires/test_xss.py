"""Un corpus d'attaques par injection : chaque texte, déposé par le formulaire puis
approuvé, reste du texte inerte sur la page publique comme dans la file."""

import pytest

from commentaires.models import Commentaire
from commentaires.rendu import INVISIBLES
from tests.commentaires.factories import CommentaireFactory
from tests.commentaires.outils import (
    REL_DES_LIENS,
    analyser,
    cartes_de_la_file,
    commentaires_affiches,
    defauts_d_innocuite,
    deposer,
)

pytestmark = pytest.mark.django_db

CORPUS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://exemple.invalid/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '"><img src=x onerror=alert(1)>',
    "'><svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)">clic</a>',
    "<a href=javascript:alert(document.cookie)>clic</a>",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\u200bscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<iframe src="https://exemple.invalid"></iframe>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<body onload=alert(1)>",
    "<img src=x onerror=alert(1)//",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "<!--<script>alert(1)//-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    'https://exemple.fr/"onmouseover="alert(1)',
    "https://exemple.fr/<script>alert(1)</script>",
    "https://exemple.fr/?q=\"'><img src=x onerror=alert(1)>",
    "http://javascript:alert(1)@exemple.fr",
    "Texte \u202egnp.exe normal",
    "avant\u200b\u200c\u200d\u2060\ufeffaprès",
    "<p onclick=alert(1)>paragraphe</p>\n\n<br onmouseover=alert(1)>",
]


def _deposer_puis_retrouver(client, lieu, texte: str) -> Commentaire:
    reponse = deposer(client, lieu, texte=texte, nom="Nolwenn", email="nolwenn@exemple.fr")
    assert reponse.status_code == 302, reponse.content.decode()[:2000]
    return Commentaire.objects.get()


def _texte_attendu(texte: str) -> str:
    """Ce que le lecteur doit voir : le texte tel que saisi, moins les invisibles."""
    return " ".join(INVISIBLES.sub("", texte).split())


def _texte_lu(bloc) -> str:
    texte = bloc.un(classe="commentaire__texte")
    return " ".join(" ".join(p.texte() for p in texte.tous("p")).split())


@pytest.mark.parametrize("texte", CORPUS)
def test_une_attaque_reste_du_texte_inerte_dans_la_file_puis_sur_la_page_publique(
    client, lieu, sans_confirmation, webmestre, texte
):
    commentaire = _deposer_puis_retrouver(client, lieu, texte)
    assert not INVISIBLES.search(commentaire.texte)

    client.force_login(webmestre)
    carte = cartes_de_la_file(client.get("/moderation/"))[commentaire.pk]
    assert defauts_d_innocuite(carte) == []
    assert _texte_lu(carte) == _texte_attendu(texte)

    commentaire.approuver(par=webmestre)
    client.logout()
    reponse = client.get(lieu.get_absolute_url())
    bloc = commentaires_affiches(reponse)[commentaire.pk]
    assert defauts_d_innocuite(bloc) == []
    assert _texte_lu(bloc) == _texte_attendu(texte)
    html = reponse.content.decode()
    if "<" in texte:
        assert INVISIBLES.sub("", texte) not in html
    assert "\u202e" not in html


@pytest.mark.parametrize("texte", CORPUS)
def test_un_texte_stocke_brut_sans_le_formulaire_est_quand_meme_rendu_inerte(
    client, lieu, webmestre, texte
):
    # Le rendu ne compte pas sur le nettoyage à l'entrée : une ligne écrite
    # autrement (import, administration, ancienne version) reste inoffensive.
    commentaire = CommentaireFactory(
        objet=lieu, texte=texte, nom='<img src=x onerror="alert(1)">', statut="publie"
    )

    bloc = commentaires_affiches(client.get(lieu.get_absolute_url()))[commentaire.pk]
    assert defauts_d_innocuite(bloc) == []
    assert bloc.un("strong").texte() == '<img src=x onerror="alert(1)">'

    client.force_login(webmestre)
    carte = cartes_de_la_file(client.get("/moderation/?statut=publie"))[commentaire.pk]
    assert defauts_d_innocuite(carte) == []


def test_un_nom_ou_une_adresse_pieges_sont_echappes_dans_la_file(client, lieu, webmestre):
    commentaire = CommentaireFactory(
        objet=lieu, nom="<script>alert('nom')</script>", email="x@exemple.fr"
    )
    client.force_login(webmestre)

    reponse = client.get("/moderation/")

    carte = cartes_de_la_file(reponse)[commentaire.pk]
    assert defauts_d_innocuite(carte) == []
    assert "<script>alert('nom')</script>" not in reponse.content.decode()
    assert "<script>alert('nom')</script>" in carte.texte()


def test_une_adresse_web_devient_un_lien_nofollow_ugc_noopener_et_le_reste_est_echappe(
    client, lieu
):
    CommentaireFactory(
        objet=lieu,
        statut="publie",
        texte="Le programme : https://exemple.fr/ateliers?jour=mardi&heure=10.\n"
        "Et <b>pas de gras</b>.\n\nSecond paragraphe, http://exemple.org/page",
    )

    bloc = next(iter(commentaires_affiches(client.get(lieu.get_absolute_url())).values()))

    texte = bloc.un(classe="commentaire__texte")
    assert [e.balise for e in texte.enfants] == ["p", "p"]
    assert "br" in [e.balise for e in texte.enfants[0].descendants()]
    liens = texte.tous("a")
    assert [lien.attribut("href") for lien in liens] == [
        "https://exemple.fr/ateliers?jour=mardi&heure=10",
        "http://exemple.org/page",
    ]
    assert {lien.attribut("rel") for lien in liens} == {REL_DES_LIENS}
    assert "<b>pas de gras</b>" in texte.texte()
    assert texte.tous("b") == []


def test_l_outil_de_controle_repere_bien_un_bloc_dangereux():
    # Garde-fou : le contrôle ci-dessus n'est pas vide de sens.
    bloc = analyser(
        '<li><div class="commentaire__texte"><p><a href="javascript:x">a</a>'
        "<img src=x onerror=alert(1)></p></div><script>x</script></li>"
    ).un("li")

    defauts = defauts_d_innocuite(bloc)

    assert any("onerror" in d for d in defauts)
    assert any("javascript:x" in d for d in defauts)
    assert any("<script>" in d for d in defauts)
    assert any("<img>" in d for d in defauts)
