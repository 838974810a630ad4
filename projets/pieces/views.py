"""Les pièces jointes d'un dossier : ajout et suppression par les membres de la
structure tant que le dossier est modifiable, téléchargement par ceux qui ont le
droit de voir le dossier. À tout autre, une pièce n'existe pas (404)."""

import re
import unicodedata
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from brest_numerique.limites_du_corps import taille_max_du_corps
from brest_numerique.methodes import post_seulement
from projets.pieces.forms import PiecesForm
from projets.pieces.models import Origine, PieceJointe
from projets.pieces.services import peut_voir_piece, piece_supprimer, pieces_ajouter
from projets.regles import dossier_du_candidat, dossiers_du_candidat

# Un envoi peut remplir un dossier vide d'un coup ; au-delà, 413 sans rien lire.
TAILLE_MAX_ENVOI = settings.PIECES_TAILLE_MAX_DOSSIER + 1024 * 1024


def _page_du_dossier(dossier) -> str:
    return reverse("projets:dossier", args=[dossier.pk]) + "#pieces"


@taille_max_du_corps(TAILLE_MAX_ENVOI)
@post_seulement(retour="projets:dossier")
@login_required
def ajouter(request, dossier: int):
    dossier = dossier_du_candidat(request.user, dossier)
    if not dossier.modifiable():
        return _non_modifiable(request, dossier)
    form = PiecesForm(request.POST, request.FILES)
    if form.is_valid():
        origine = (
            Origine.COMPLEMENT if dossier.statut == dossier.Statut.A_COMPLETER else Origine.DOSSIER
        )
        try:
            pieces = pieces_ajouter(dossier, form.cleaned_data["fichiers"], request.user, origine)
        except ValidationError as erreur:
            form.add_error("fichiers", erreur)
        else:
            messages.success(
                request,
                ngettext(
                    "La pièce « %(nom)s » est jointe au dossier.",
                    "Les %(n)s pièces sont jointes au dossier.",
                    len(pieces),
                )
                % {"nom": pieces[0].nom, "n": len(pieces)},
            )
            return redirect(_page_du_dossier(dossier))
    # Les erreurs s'affichent à côté du champ, avec la liste des pièces déjà là.
    contexte = {"dossier": dossier, "peut_modifier": True, "form": form}
    return render(request, "projets/pieces/ajouter.html", contexte, status=400)


def _non_modifiable(request, dossier):
    return render(request, "projets/pieces/non_modifiable.html", {"dossier": dossier}, status=403)


@post_seulement(retour="projets:espace")
@login_required
def supprimer(request, piece: int):
    piece = get_object_or_404(
        PieceJointe.objects.filter(dossier__in=dossiers_du_candidat(request.user)), pk=piece
    )
    try:
        piece_supprimer(piece, request.user)
    except PermissionDenied:
        return _non_modifiable(request, piece.dossier)
    messages.success(
        request, _("La pièce « %(nom)s » est retirée du dossier.") % {"nom": piece.nom}
    )
    return redirect(_page_du_dossier(piece.dossier))


def disposition(nom: str) -> str:
    """« attachment », le nom en ASCII pour les vieux logiciels et en UTF-8 pour les
    autres (RFC 6266, RFC 5987) : « Règlement été.pdf » garde ses accents."""
    ascii_ = unicodedata.normalize("NFKD", nom).encode("ascii", "ignore").decode()
    ascii_ = " ".join(re.sub(r'[^\x20-\x7e]|["\\]', "_", ascii_).split()) or "piece"
    return f"attachment; filename=\"{ascii_}\"; filename*=utf-8''{quote(nom, safe='')}"


@require_safe
def telecharger(request, piece: int):
    piece = PieceJointe.objects.select_related("dossier__edition").filter(pk=piece).first()
    # Anonyme, curieux ou équipe sans droit : la même réponse qu'une pièce absente.
    if piece is None or not peut_voir_piece(request.user, piece):
        raise Http404
    prefixe = settings.PIECES_X_ACCEL_PREFIX
    if prefixe:
        reponse = HttpResponse()
        reponse["X-Accel-Redirect"] = prefixe + quote(piece.fichier.name)
    else:
        try:
            contenu = piece.fichier.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        reponse = FileResponse(contenu)
    reponse["Content-Type"] = piece.type_mime
    reponse["Content-Disposition"] = disposition(piece.nom)
    reponse["X-Content-Type-Options"] = "nosniff"
    reponse["Cache-Control"] = "private, no-store"
    # Ouvert par erreur dans le navigateur, le fichier n'exécute rien.
    reponse["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return reponse
