"""Les cartes de la file de modération, écrites en Python comme celles des pages
publiques (commentaires/cartes.py).

Une page de la file montre 25 cartes, chacune avec sa case, ses détails, un aperçu
du texte et son formulaire de décision. Par le moteur de gabarits, la boucle et la
préparation des textes de chaque carte coûtaient plus de la moitié de la page
(bench/README.md). Les textes communs sont traduits et échappés une fois par page
(`TextesDeLaFile`) ; tout ce qui vient de l'auteur (nom, adresse), de la page
commentée (titre) ou de la requête (filtre, adresse de retour, jeton) est échappé
ici ; le texte est du HTML assaini par nh3 (commentaires/rendu.py).
"""

from dataclasses import dataclass
from datetime import datetime, tzinfo
from functools import lru_cache
from urllib.parse import quote

from django.utils import dateformat, timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from commentaires.cartes import adresse_par_identifiant
from commentaires.lignes_de_la_file import LigneDeLaFile
from commentaires.models import Commentaire
from commentaires.rendu import en_html

# Les décisions de services.DECISIONS, dans l'ordre des boutons.
DECISIONS = ("approuver", "rejeter", "marquer_spam")


@dataclass(frozen=True)
class TextesDeLaFile:
    """Ce qui ne varie pas d'une carte à l'autre d'une page, déjà échappé."""

    page: str
    auteur: str
    ecrit: str
    statut: str
    seulement: str
    supprimee: str
    akismet: str
    motif: str
    format_date: str
    # Les phrases propres à chaque carte, traduites une fois par page : une
    # traduction coûte autant que le reste de la ligne, et une page en demande 150.
    pour_qui: str
    nom_du_formulaire: str
    selectionner: str
    en_reponse: str
    statuts: dict[str, str]
    decisions: dict[str, str]
    adresse_decider: tuple[str, str]
    csrf_token: str
    retour: str
    statut_filtre: str

    @classmethod
    def pour_la_page(
        cls, *, libelles_decisions, csrf_token, retour: str, statut_filtre: str
    ) -> "TextesDeLaFile":
        return cls(
            page=escape(_("Page")),
            auteur=escape(_("Auteur")),
            ecrit=escape(_("Écrit le")),
            statut=escape(_("Statut")),
            seulement=escape(_("ses commentaires seulement")),
            supprimee=escape(_("page supprimée")),
            akismet=escape(_("probablement indésirable (Akismet)")),
            motif=escape(_("Motif du refus (facultatif, envoyé à l'auteur)")),
            # Passé tel quel à dateformat.format : formats.date_format chercherait
            # d'abord, à chaque carte, un réglage de ce nom dans les modules de formats.
            format_date=_("j F Y à G \\h i"),
            pour_qui=_("commentaire de %(nom)s"),
            nom_du_formulaire=_("Décider du commentaire de %(nom)s"),
            selectionner=_("Sélectionner le commentaire de %(nom)s (%(statut)s)"),
            en_reponse=_("en réponse à %(nom)s"),
            statuts={valeur: str(libelle) for valeur, libelle in Commentaire.Statut.choices},
            decisions={action: escape(str(libelle)) for action, libelle in libelles_decisions},
            adresse_decider=adresse_par_identifiant("commentaires:decider"),
            csrf_token=escape(str(csrf_token or "")),
            retour=escape(retour),
            statut_filtre=escape(quote(statut_filtre, safe="")),
        )


@lru_cache(maxsize=1024)
def _bilan(publies: int, refuses: int, _langue: str | None) -> str:
    # Deux pluriels traduits par carte, pour des nombres qui se répètent d'une
    # carte à l'autre : gardés, déjà échappés, par nombres et par langue.
    return escape(
        ", ".join(
            [
                ngettext("%(nombre)s publié", "%(nombre)s publiés", publies) % {"nombre": publies},
                ngettext("%(nombre)s refusé", "%(nombre)s refusés", refuses) % {"nombre": refuses},
            ]
        )
    )


def _page_commentee(commentaire: LigneDeLaFile, textes: TextesDeLaFile, liens: dict) -> str:
    objet = commentaire.objet
    if objet is None:
        return textes.supprimee
    # Plusieurs commentaires d'une page : son adresse ne se calcule qu'une fois.
    cle = (commentaire.content_type_id, commentaire.object_id)
    if cle not in liens:
        liens[cle] = escape(objet.get_absolute_url())
    return (
        f'<a href="{liens[cle]}#commentaires">{escape(str(objet))}</a> · '
        f'<a href="?statut={textes.statut_filtre}&amp;page_objet='
        f'{int(commentaire.content_type_id)}-{int(commentaire.object_id)}">{textes.seulement}</a>'
    )


def _decision(commentaire: LigneDeLaFile, textes: TextesDeLaFile, nom: str) -> str:
    """Le formulaire d'un clic : les seules décisions que le statut permet."""
    permises = [a for a in DECISIONS if Commentaire.MACHINE.permise(a, commentaire.statut)]
    if not permises:
        return ""
    pk = int(commentaire.pk)
    pour_qui = escape(textes.pour_qui % {"nom": nom})
    motif = ""
    if "rejeter" in permises:
        motif = (
            f'<div class="champ"><label for="motif-{pk}">{textes.motif}</label>'
            f'<input type="text" name="motif" id="motif-{pk}" maxlength="500"></div>'
        )
    secondaire = ' class="bouton--secondaire"'
    boutons = "".join(
        f'<button type="submit" name="action" value="{action}"'
        f"{secondaire if rang else ''}>{textes.decisions[action]}"
        f'<span class="visuellement-cache"> — {pour_qui}</span></button>'
        for rang, action in enumerate(permises)
    )
    avant, apres = textes.adresse_decider
    nom_du_formulaire = escape(textes.nom_du_formulaire % {"nom": nom})
    return (
        f'<form method="post" action="{avant}{pk}{apres}" class="decision-moderation" '
        f'aria-label="{nom_du_formulaire}">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{textes.csrf_token}">'
        f'<input type="hidden" name="retour" value="{textes.retour}">'
        f'{motif}<div class="decision-moderation__boutons">{boutons}</div></form>'
    )


@lru_cache(maxsize=4096)
def _date_ecrite(moment: datetime, format_date: str, _langue: str | None, fuseau: tzinfo) -> str:
    # Une page de la file en écrit vingt-cinq, et un modérateur y revient après
    # chaque décision : gardées, déjà échappées, par tout ce dont elles dépendent.
    return escape(dateformat.format(timezone.localtime(moment, fuseau), format_date))


def carte_de_la_file(commentaire: LigneDeLaFile, *, textes: TextesDeLaFile, liens: dict) -> str:
    """La carte d'un commentaire de la file, tel que le lit lignes_de_la_file.py."""
    pk = int(commentaire.pk)
    nom = commentaire.nom
    statut = textes.statuts[commentaire.statut]
    etiquette = escape(textes.selectionner % {"nom": nom, "statut": statut.lower()})
    akismet = (
        f" · <strong>{textes.akismet}</strong>" if commentaire.probablement_indesirable else ""
    )
    bilan = _bilan(commentaire.publies_de_l_auteur, commentaire.refuses_de_l_auteur, get_language())
    ecrit = _date_ecrite(
        commentaire.cree_le, textes.format_date, get_language(), timezone.get_current_timezone()
    )
    if commentaire.nom_du_parent is not None:
        ecrit += " · " + escape(textes.en_reponse % {"nom": commentaire.nom_du_parent})
    return mark_safe(  # noqa: S308 — chaque morceau variable est échappé ci-dessus
        f'<li class="carte" id="commentaire-{pk}"><p>'
        f'<input type="checkbox" name="ids" value="{pk}" id="choix-{pk}" form="file-lot">'
        f'<label for="choix-{pk}">{etiquette}</label></p>'
        f'<dl class="details"><dt>{textes.page}</dt>'
        f"<dd>{_page_commentee(commentaire, textes, liens)}</dd>"
        f"<dt>{textes.auteur}</dt>"
        f"<dd>{escape(nom)} &lt;{escape(commentaire.email)}&gt; · {bilan}"
        f"{akismet}</dd>"
        f"<dt>{textes.ecrit}</dt><dd>{ecrit}</dd>"
        f"<dt>{textes.statut}</dt><dd>{escape(statut)}</dd></dl>"
        f'<div class="commentaire__texte apercu">{en_html(commentaire.texte)}</div>'
        f"{_decision(commentaire, textes, nom)}</li>"
    )
