"""L'espace candidat, les structures et leurs membres, les invitations.

Chaque vue demande un compte connecté à l'adresse vérifiée, et charge une
structure par `structures_du_candidat` : la clé d'une structure dont on n'est pas
membre mène au 404, pas à sa fiche."""

from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from brest_numerique.comptes.roles import email_verifie
from brest_numerique.limites import atteinte, compter, limites_d_envoi
from brest_numerique.methodes import post_seulement
from brest_numerique.notifications.services import notify
from brest_numerique.views import erreur_429
from projets.candidature.forms_structures import InvitationForm, StructureForm
from projets.deliberation.pour_la_structure import avec_decision_notifiee, statut_visible
from projets.models import AppelAProjets, DemandeComplement, Dossier, Invitation, Membre
from projets.regles import structures_du_candidat

SEL_INVITATION = "projets.invitation"


def candidat_requis(vue):
    """Connexion demandée ; une adresse non vérifiée est invitée à se confirmer (403)."""

    @wraps(vue)
    def envelopper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not email_verifie(request.user):
            return render(request, "projets/candidature/adresse_a_verifier.html", status=403)
        return vue(request, *args, **kwargs)

    return envelopper


def _non_lus(user, dossiers) -> dict:
    """Les messages non lus par dossier, si la messagerie est là (projets.echanges)."""
    try:
        from projets.echanges.services import messages_non_lus
    except ImportError:
        return {}
    return messages_non_lus(user, dossiers)


# --- L'espace candidat -----------------------------------------------------------------

Statut = Dossier.Statut


def _le(moment) -> str:
    return date_format(timezone.localtime(moment), _("j F Y à G \\h i"))


def prochaine_etape(dossier: Dossier, maintenant) -> str:
    """La suite du dossier, en une phrase. Lit `dossier.demandes_ouvertes` (préchargé)."""
    statut = dossier.statut
    if statut == Statut.BROUILLON:
        if dossier.edition.depot_ouvert(maintenant):
            return _("Complétez le dossier puis déposez-le avant le %(quand)s.") % {
                "quand": _le(dossier.edition.cloture)
            }
        if maintenant < dossier.edition.ouverture:
            return _("Le dépôt ouvre le %(quand)s.") % {"quand": _le(dossier.edition.ouverture)}
        return _("Le dépôt est clos\u00a0: ce brouillon ne peut plus être déposé.")
    if statut == Statut.DEPOSE:
        return _("L'équipe vérifie que le dossier est complet et recevable.")
    if statut == Statut.EN_INSTRUCTION:
        return _("Un instructeur étudie le dossier\u202f; il vous écrit s'il manque quelque chose.")
    if statut == Statut.A_COMPLETER:
        demande = dossier.demandes_ouvertes[0] if dossier.demandes_ouvertes else None
        if demande is None:
            return _("Complétez le dossier puis renvoyez-le à l'instructeur.")
        return _("Complétez le dossier et renvoyez-le avant le %(quand)s.") % {
            "quand": _le(demande.echeance)
        }
    if statut == Statut.PRET_POUR_JURY:
        return _("Le dossier est prêt\u00a0: le jury l'étudie à partir du %(quand)s.") % {
            "quand": date_format(dossier.edition.deliberation_le, "j F Y")
        }
    if statut == Statut.IRRECEVABLE:
        return _("Le dossier a été déclaré irrecevable\u202f; le motif est sur sa page.")
    if statut == Statut.SANS_SUITE:
        return _("Vous avez retiré ce dossier\u00a0: il n'ira pas au jury.")
    # Le jury : rien de sa décision avant qu'elle ne soit notifiée (projets/deliberation).
    statut = statut_visible(dossier, notifiee=getattr(dossier, "decision_notifiee", False))
    if statut == Statut.VOTE:
        return _("Votre projet est lauréat\u00a0: la décision et l'aide votée sont sur sa page.")
    if statut == Statut.NON_RETENU:
        return _("Votre projet n'est pas retenu\u202f; la motivation est sur sa page.")
    if statut == Statut.LISTE_ATTENTE:
        return _(
            "Votre projet est en liste d'attente\u202f; nous vous écrirons si une place se libère."
        )
    return _("Le jury examine le dossier\u202f; les résultats sont annoncés le %(quand)s.") % {
        "quand": date_format(dossier.edition.resultats_le, "j F Y")
    }


@require_safe
@candidat_requis
def espace(request):
    maintenant = timezone.now()
    demandes = DemandeComplement.objects.filter(completee_le__isnull=True).order_by("-pk")
    dossiers = (
        avec_decision_notifiee(Dossier.objects.select_related("edition"))
        .prefetch_related(Prefetch("demandes_complement", demandes, to_attr="demandes_ouvertes"))
        .order_by("-edition__annee", "-pk")
    )
    structures = list(
        structures_du_candidat(request.user)
        .select_related("commune")
        .prefetch_related(Prefetch("dossiers", dossiers))
    )
    tous = [dossier for structure in structures for dossier in structure.dossiers.all()]
    non_lus = _non_lus(request.user, tous) if tous else {}
    for dossier in tous:
        dossier.etape = prochaine_etape(dossier, maintenant)
        dossier.etat_visible = dossier.statut_pour_la_structure(
            decision_notifiee=dossier.decision_notifiee
        )
        dossier.non_lus = non_lus.get(dossier.pk) if non_lus else None
    seconde = maintenant.replace(microsecond=0)
    ouverte = (
        AppelAProjets.objects.filter(ouverture__lte=seconde, cloture__gte=seconde)
        .order_by("cloture")
        .first()
    )
    return render(
        request,
        "projets/candidature/espace.html",
        {"structures": structures, "ouverte": ouverte, "messagerie": bool(non_lus)},
    )


# --- Les structures ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@candidat_requis
def structure_creer(request):
    form = StructureForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                structure = form.save()
                Membre.objects.create(structure=structure, user=request.user)
            messages.success(
                request,
                _("La structure « %(nom)s » est créée\u202f; vous en êtes membre.")
                % {"nom": structure.nom},
            )
            return redirect("projets:structure", structure=structure.pk)
        return render(
            request, "projets/candidature/structure_creer.html", {"form": form}, status=400
        )
    return render(request, "projets/candidature/structure_creer.html", {"form": form})


def _structure_du_candidat(user, pk: int):
    return get_object_or_404(structures_du_candidat(user).select_related("commune"), pk=pk)


def _page_structure(request, structure, *, form=None, invitation=None, status=200):
    return render(
        request,
        "projets/candidature/structure.html",
        {
            "structure": structure,
            "form": form or StructureForm(instance=structure),
            "form_invitation": invitation or InvitationForm(structure=structure),
            "membres": structure.membres.select_related("user").order_by("depuis", "pk"),
            "invitations": structure.invitations.filter(acceptee_le__isnull=True).filter(
                cree_le__gte=timezone.now() - _duree_invitation()
            ),
            "duree_invitation": settings.PROJETS_INVITATION_JOURS,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@candidat_requis
def structure(request, structure: int):
    structure = _structure_du_candidat(request.user, structure)
    if request.method == "GET":
        return _page_structure(request, structure)
    form = StructureForm(request.POST, instance=structure)
    if not form.is_valid():
        # L'instance porte déjà la saisie refusée : on relit l'enregistrée pour l'en-tête.
        structure.refresh_from_db()
        return _page_structure(request, structure, form=form, status=400)
    form.save()
    messages.success(request, _("La fiche de la structure est enregistrée."))
    return redirect("projets:structure", structure=structure.pk)


# --- Les invitations -----------------------------------------------------------------


def _duree_invitation() -> timedelta:
    return timedelta(days=settings.PROJETS_INVITATION_JOURS)


def jeton_d_invitation(invitation: Invitation) -> str:
    return signing.TimestampSigner(salt=SEL_INVITATION).sign_object(
        {"i": invitation.pk, "e": invitation.email.lower()}
    )


def lire_jeton_d_invitation(jeton: str) -> dict:
    """Lève signing.SignatureExpired (lien trop vieux) ou signing.BadSignature."""
    donnees = signing.TimestampSigner(salt=SEL_INVITATION).unsign_object(
        jeton, max_age=_duree_invitation()
    )
    if not (isinstance(donnees, dict) and isinstance(donnees.get("i"), int)):
        raise signing.BadSignature("contenu inattendu")
    return donnees


@post_seulement(retour="projets:structure")
@candidat_requis
def inviter(request, structure: int):
    structure = _structure_du_candidat(request.user, structure)
    email = request.POST.get("email", "")
    compteurs = limites_d_envoi(request, prefixe="projets-invitation", email=email)
    if atteinte(compteurs):
        return erreur_429(request)
    form = InvitationForm(request.POST, structure=structure)
    if not form.is_valid():
        return _page_structure(request, structure, invitation=form, status=400)
    with transaction.atomic():
        invitation = Invitation.objects.create(
            structure=structure, email=form.cleaned_data["email"], invitee_par=request.user
        )
        notify(
            kind="projets_invitation",
            to=invitation.email,
            key=f"projets_invitation:{invitation.pk}",
            context={
                "structure": structure,
                "invitee_par": request.user,
                "lien": settings.SITE_URL
                + reverse("projets:invitation", args=[jeton_d_invitation(invitation)]),
                "jours": settings.PROJETS_INVITATION_JOURS,
            },
        )
    compter(compteurs)
    messages.success(
        request,
        _("L'invitation est envoyée à %(email)s\u00a0: le lien vaut %(jours)s jours.")
        % {"email": invitation.email, "jours": settings.PROJETS_INVITATION_JOURS},
    )
    return redirect("projets:structure", structure=structure.pk)


def _page_invitation(request, cas: str, status: int, **contexte):
    return render(
        request, "projets/candidature/invitation.html", {"cas": cas, **contexte}, status=status
    )


@require_http_methods(["GET", "POST"])
def invitation(request, jeton: str):
    """Le lien reçu par courriel. Le jeton se juge d'abord (faux : 400, expiré : 410),
    puis le compte : connecté, adresse vérifiée, et c'est l'adresse invitée."""
    try:
        donnees = lire_jeton_d_invitation(jeton)
    except signing.SignatureExpired:
        return _page_invitation(request, "expiree", 410, jours=settings.PROJETS_INVITATION_JOURS)
    except signing.BadSignature:
        return _page_invitation(request, "invalide", 400)
    invitation = (
        Invitation.objects.select_related("structure")
        .filter(pk=donnees["i"], email__iexact=donnees.get("e", ""))
        .first()
    )
    if invitation is None:
        return _page_invitation(request, "invalide", 400)
    contexte = {"invitation": invitation, "structure": invitation.structure}
    if not request.user.is_authenticated:
        return _page_invitation(request, "connexion", 200, **contexte)
    deja_membre = invitation.structure.membres.filter(user=request.user).exists()
    if invitation.acceptee_le is not None:
        if deja_membre:
            return redirect("projets:structure", structure=invitation.structure_id)
        return _page_invitation(request, "deja_utilisee", 410, **contexte)
    adresse_invitee = request.user.emailaddress_set.filter(
        email__iexact=invitation.email, verified=True
    ).exists()
    if not adresse_invitee:
        return _page_invitation(request, "autre_adresse", 403, **contexte)
    if request.method == "GET":
        return _page_invitation(request, "confirmer", 200, **contexte)
    with transaction.atomic():
        # Deux clics simultanés : un seul accepte, l'autre trouve l'invitation prise.
        acceptee = Invitation.objects.filter(pk=invitation.pk, acceptee_le__isnull=True).update(
            acceptee_le=timezone.now()
        )
        if acceptee:
            try:
                with transaction.atomic():
                    Membre.objects.create(structure=invitation.structure, user=request.user)
            except IntegrityError:  # déjà membre par une autre invitation
                pass
    messages.success(
        request,
        _("Vous êtes membre de « %(nom)s ».") % {"nom": invitation.structure.nom},
    )
    return redirect("projets:structure", structure=invitation.structure_id)
