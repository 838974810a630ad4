"""Les vues des exports : tableaux d'une édition et dossier complet pour
l'instruction, récapitulatif PDF et données de la structure pour les candidats.

Tout y est personnel : aucune réponse n'est gardée en cache (never_cache)."""

import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from brest_numerique.comptes.roles import action_requise, peut
from projets import regles
from projets.exports import archives, pdf, services
from projets.models import AppelAProjets, Dossier


def _piece_jointe(reponse: HttpResponse, nom: str) -> HttpResponse:
    reponse["Content-Disposition"] = f'attachment; filename="{nom}"'
    return reponse


@require_GET
@never_cache
@action_requise("instruire_dossiers")
def export(request, annee: int, format: str):
    edition = get_object_or_404(AppelAProjets, annee=annee)
    if not peut(request.user, "instruire_dossiers", edition):
        raise PermissionDenied
    if format not in services.FORMATS:
        raise Http404
    nom = services.nom_de_fichier(edition, format)
    if format == "csv":
        reponse = StreamingHttpResponse(
            services.csv_en_flux(edition), content_type=services.TYPES_MIME["csv"]
        )
        return _piece_jointe(reponse, nom)
    if format == "xlsx":
        fichier = services.xlsx_fichier(edition)
    else:
        fichier = io.BytesIO(services.ods_octets(edition))
    # FileResponse envoie le fichier par blocs (réponse en flux) et le ferme.
    return FileResponse(
        fichier, as_attachment=True, filename=nom, content_type=services.TYPES_MIME[format]
    )


def _pdf(dossier: Dossier, *, pour_instruction: bool) -> HttpResponse:
    reponse = HttpResponse(
        pdf.recapitulatif_pdf(dossier, pour_instruction=pour_instruction),
        content_type="application/pdf",
    )
    return _piece_jointe(reponse, pdf.nom_du_pdf(dossier))


@require_GET
@never_cache
@action_requise("instruire_dossiers", objet=(Dossier, "dossier"))
def dossier_pdf_instruction(request, dossier: Dossier):
    return _pdf(dossier, pour_instruction=True)


@require_GET
@never_cache
@action_requise("instruire_dossiers", objet=(Dossier, "dossier"))
def dossier_zip(request, dossier: Dossier):
    nom = f"dossier-{dossier.numero}.zip"
    return FileResponse(
        archives.zip_du_dossier(dossier),
        as_attachment=True,
        filename=nom,
        content_type="application/zip",
    )


@require_GET
@never_cache
@login_required
def dossier_pdf(request, dossier: int):
    return _pdf(regles.dossier_du_candidat(request.user, dossier), pour_instruction=False)


def _structure(request, pk: int):
    return get_object_or_404(regles.structures_du_candidat(request.user).distinct(), pk=pk)


@require_GET
@never_cache
@login_required
def structure_donnees(request, structure: int):
    structure = _structure(request, structure)
    return FileResponse(
        archives.zip_de_la_structure(structure),
        as_attachment=True,
        filename=f"donnees-structure-{structure.pk}.zip",
        content_type="application/zip",
    )


@require_GET
@never_cache
@login_required
def structure_donnees_json(request, structure: int):
    structure = _structure(request, structure)
    reponse = HttpResponse(
        archives.donnees_json(structure), content_type="application/json; charset=utf-8"
    )
    return _piece_jointe(reponse, f"donnees-structure-{structure.pk}.json")
