"""L'espace de l'abonné : ses abonnements (ceux de son compte, ou à son adresse
vérifiée, rattachés à la première visite), leurs échéances, l'attestation (page
imprimable et PDF) et l'export de tout ce que le portail garde à son sujet."""

import json
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_safe

from brest_numerique.comptes.roles import email_verifie
from internet_pour_tous.models import Abonnement, Echeance, Tarif


def abonne_requis(vue):
    """Connexion demandée ; une adresse non vérifiée est invitée à se confirmer (403)."""

    @wraps(vue)
    def envelopper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not email_verifie(request.user):
            return render(request, "internet_pour_tous/adresse_a_verifier.html", status=403)
        return vue(request, *args, **kwargs)

    return envelopper


def abonnements_du_compte(user):
    """Les abonnements de ce compte : les siens, et ceux à son adresse vérifiée qui
    n'ont encore aucun compte."""
    return Abonnement.objects.filter(
        Q(compte=user) | Q(compte__isnull=True, email__iexact=user.email)
    )


def _rattacher(user) -> None:
    Abonnement.objects.filter(compte__isnull=True, email__iexact=user.email).update(compte=user)


def _detail(user):
    return abonnements_du_compte(user).select_related(
        "logement__residence__commune", "logement__residence__secteur"
    )


def tarif_en_vigueur(le=None) -> Tarif | None:
    le = le or timezone.localdate()
    return Tarif.objects.filter(debut__lte=le).order_by("-debut").first()


@require_safe
@abonne_requis
def espace(request):
    _rattacher(request.user)
    echeances = Echeance.objects.order_by("-mois")
    abonnements = list(_detail(request.user).prefetch_related(Prefetch("echeances", echeances)))
    return render(
        request,
        "internet_pour_tous/espace.html",
        {"abonnements": abonnements, "tarif": tarif_en_vigueur()},
    )


def _contexte_attestation(request, pk: int) -> dict:
    abonnement = get_object_or_404(_detail(request.user), pk=pk)
    return {
        "abonnement": abonnement,
        "tarif": tarif_en_vigueur(),
        "le": timezone.localdate(),
        "logo": staticfiles_storage.url("favicon.svg"),
    }


@require_safe
@abonne_requis
def attestation(request, abonnement: int):
    contexte = _contexte_attestation(request, abonnement)
    return render(request, "internet_pour_tous/attestation.html", contexte)


@require_safe
@abonne_requis
def attestation_pdf(request, abonnement: int):
    from weasyprint import HTML

    from projets.exports.pdf import BASE, _fetcher

    contexte = _contexte_attestation(request, abonnement)
    html = render_to_string("internet_pour_tous/attestation_pdf.html", contexte)
    pdf = HTML(string=html, base_url=BASE, url_fetcher=_fetcher()).write_pdf(pdf_variant="pdf/ua-1")
    reponse = HttpResponse(pdf, content_type="application/pdf")
    nom = f"attestation-internet-pour-tous-{contexte['abonnement'].pk}.pdf"
    reponse["Content-Disposition"] = f'attachment; filename="{nom}"'
    return reponse


def donnees_du_compte(user) -> dict:
    """Tout ce que le dispositif garde au sujet de ce compte."""
    abonnements = _detail(user).prefetch_related(
        Prefetch("echeances", Echeance.objects.order_by("mois")),
        "historique",
        "periodes",
    )
    return {
        "compte": {"email": user.email, "nom": user.get_full_name()},
        "genere_le": timezone.now(),
        "abonnements": [
            {
                "numero": a.pk,
                "titulaire": a.titulaire,
                "email": a.email,
                "telephone": a.telephone,
                "etat": a.get_statut_display(),
                "demande_le": a.cree_le,
                "consentement_le": a.consentement_le,
                "debut": a.debut,
                "fin": a.fin,
                "accompagnement": a.accompagnement,
                "logement": {
                    "reference": a.logement.reference,
                    "escalier": a.logement.escalier,
                    "etage": a.logement.etage,
                    "porte": a.logement.porte,
                    "residence": a.logement.residence.nom,
                    "adresse": a.logement.residence.adresse,
                    "code_postal": a.logement.residence.code_postal,
                    "commune": a.logement.residence.commune.nom,
                },
                "historique": [
                    {"de": h.de, "vers": h.vers, "quand": h.quand, "motif": h.motif}
                    for h in sorted(a.historique.all(), key=lambda h: (h.quand, h.pk))
                ],
                "periodes_d_activite": [{"debut": p.debut, "fin": p.fin} for p in a.periodes.all()],
                "echeances": [
                    {"mois": e.mois, "montant": e.montant, "etat": e.get_statut_display()}
                    for e in a.echeances.all()
                ],
            }
            for a in abonnements
        ],
    }


@require_safe
@abonne_requis
def mes_donnees(request):
    _rattacher(request.user)
    contenu = json.dumps(
        donnees_du_compte(request.user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    )
    reponse = HttpResponse(contenu, content_type="application/json; charset=utf-8")
    reponse["Content-Disposition"] = 'attachment; filename="mes-donnees-internet-pour-tous.json"'
    return reponse
