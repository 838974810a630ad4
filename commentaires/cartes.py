"""La carte d'un commentaire publié, écrite en Python et non par un {% include %}.

Une page commentée en montre jusqu'à 50, avec leurs réponses. Par le moteur de
gabarits, chaque carte (une soixantaine de nœuds : traductions, dates, formulaire de
signalement et ses options) coûtait 0,7 ms, l'essentiel du rendu de la fiche d'un
lieu (bench/README.md) ; ici, une chaîne par carte (f-strings : format_html, qui
échappe chaque argument, coûtait encore 0,3 ms par carte). Les textes communs à
toutes les cartes d'une page sont traduits et échappés une fois
(`TextesDesCartes`) ; ce qui vient de l'auteur (nom) est échappé dans `carte` ; le
texte du commentaire est déjà du HTML assaini (commentaires/rendu.py). Le test
tests/commentaires/test_cartes.py vérifie l'échappement de chaque morceau.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from brest_numerique.templatetags.dates import datetime_html
from commentaires.models import Commentaire
from commentaires.rendu import en_html

# Un identifiant valide pour le motif d'une adresse, remplacé ensuite par chacun.
_JALON = 987654321


def adresse_par_identifiant(nom: str, jalon: int | str = _JALON) -> tuple[str, str]:
    """(avant, après) l'identifiant dans l'adresse `nom`, échappés pour un attribut :
    un seul `reverse` par page, et non un par carte. `jalon` : une valeur que le
    motif de l'adresse accepte (un slug pour une adresse à slug)."""
    avant, apres = reverse(nom, args=[jalon]).split(str(jalon))
    return escape(avant), escape(apres)


@dataclass(frozen=True)
class TextesDesCartes:
    """Ce qui ne varie pas d'une carte à l'autre d'une même page, déjà échappé."""

    equipe: str
    repondre: str
    signaler: str
    raison: str
    envoyer: str
    format_date: str
    # Traduites une fois par page et non à chaque carte.
    a_qui: str
    duquel: str
    options: SafeString
    adresse_signaler: tuple[str, str]
    csrf_token: str

    @classmethod
    def pour_la_page(cls, *, raisons, csrf_token) -> "TextesDesCartes":
        return cls(
            equipe=escape(_("Équipe Brest numérique")),
            repondre=escape(_("Répondre")),
            signaler=escape(_("Signaler")),
            raison=escape(_("Raison du signalement")),
            envoyer=escape(_("Envoyer le signalement")),
            # Passé tel quel à dateformat.format : formats.date_format chercherait
            # d'abord, à chaque carte, un réglage de ce nom dans les modules de formats.
            format_date=_("j F Y à G \\h i"),
            a_qui=_("à %(nom)s"),
            duquel=_("le commentaire de %(nom)s"),
            options=format_html_join(
                "", '<option value="{}">{}</option>', ((v, str(libelle)) for v, libelle in raisons)
            ),
            adresse_signaler=adresse_par_identifiant("commentaires:signaler"),
            csrf_token=escape(str(csrf_token or "")),
        )


def carte(commentaire: Commentaire, textes: TextesDesCartes, *, reponse: bool, fermes: bool) -> str:
    """Le HTML de la carte : en-tête (auteur, badge de l'équipe, date), texte, puis
    « Répondre » (pas sous une réponse, ni quand les commentaires sont fermés) et
    « Signaler », sauf pour un commentaire retiré par son auteur."""
    pk = int(commentaire.pk)
    nom = escape(commentaire.nom)
    publie_le = timezone.localtime(commentaire.publie_le) if commentaire.publie_le else None
    date = (
        f'<time datetime="{datetime_html(publie_le)}">'
        f"{escape(dateformat.format(publie_le, textes.format_date))}</time>"
        if publie_le
        else ""
    )
    badge = f' <span class="badge-equipe">{textes.equipe}</span>' if commentaire.equipe else ""
    actions = ""
    if not commentaire.supprime_par_auteur:
        repondre = ""
        if not reponse and not fermes:
            a_qui = escape(textes.a_qui % {"nom": commentaire.nom})
            repondre = (
                f'<a href="?repondre={pk}#formulaire-commentaire">{textes.repondre}'
                f'<span class="visuellement-cache"> {a_qui}</span></a>'
            )
        duquel = escape(textes.duquel % {"nom": commentaire.nom})
        avant, apres = textes.adresse_signaler
        actions = (
            f'<div class="commentaire__actions">{repondre}<details class="signaler-commentaire">'
            f'<summary>{textes.signaler}<span class="visuellement-cache"> {duquel}</span></summary>'
            f'<form method="post" action="{avant}{pk}{apres}">'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{textes.csrf_token}">'
            f'<label for="raison-{pk}">{textes.raison}</label>'
            f'<select name="raison" id="raison-{pk}">{textes.options}</select>'
            f'<button type="submit" class="bouton--secondaire">{textes.envoyer}</button>'
            "</form></details></div>"
        )
    # Le texte du commentaire est déjà du HTML assaini par nh3 (rendu.py).
    return mark_safe(  # noqa: S308 — chaque morceau variable est échappé ci-dessus
        f'<article class="commentaire__corps" aria-labelledby="auteur-{pk}">'
        f'<p class="commentaire__entete"><strong id="auteur-{pk}">{nom}</strong>{badge} · '
        f"{date}</p>"
        f'<div class="commentaire__texte">{en_html(commentaire.texte)}</div>{actions}</article>'
    )
