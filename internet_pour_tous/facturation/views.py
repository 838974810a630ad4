"""Les pages de la facturation pour les Gestionnaires Internet pour tous : les
passages (lancer un mois, suivre sa progression), les relevés des bailleurs
(lignes, fichiers, envoi, paiement, impayés). Tout y est personnel : never_cache."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from brest_numerique.comptes.roles import action_requise
from brest_numerique.methodes import post_seulement
from internet_pour_tous.facturation import exports, services
from internet_pour_tous.facturation.forms import ImpayesForm, LancementForm
from internet_pour_tous.facturation.impayes import impayes_importer as importer
from internet_pour_tous.facturation.tasks import facturer_passage
from internet_pour_tous.models import Facturation

ACTION = "gerer_internet_pour_tous"
PASSAGES = 24
A_SUSPENDRE = 50
LIGNES_PAR_PAGE = 200


@require_http_methods(["GET", "POST"])
@never_cache
@action_requise(ACTION)
def facturation(request):
    form = LancementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            passage = Facturation.objects.create(
                mois=form.cleaned_data["mois"], lancee_par=request.user
            )
            # Après validation : la tâche ne lit jamais un passage annulé.
            facturer_passage.delay_on_commit(passage.pk)
        return redirect("gestion_ipt:facturation_passage", passage=passage.pk)
    return render(
        request,
        "internet_pour_tous/facturation/facturation.html",
        {
            "form": form,
            "passages": Facturation.objects.select_related("lancee_par")[:PASSAGES],
            "a_suspendre": list(services.a_suspendre()[:A_SUSPENDRE]),
        },
        status=400 if form.errors else 200,
    )


@require_GET
@never_cache
@action_requise(ACTION)
def facturation_passage(request, passage: int):
    passage = get_object_or_404(Facturation.objects.select_related("lancee_par"), pk=passage)
    faites = passage.creees + passage.deja_la
    return render(
        request,
        "internet_pour_tous/facturation/passage.html",
        {
            "passage": passage,
            "faites": faites,
            "pourcentage": round(100 * faites / passage.attendues) if passage.attendues else 0,
            "en_cours": passage.statut == Facturation.Statut.EN_COURS,
            "releves": services.releves_avec_totaux()
            .filter(mois=passage.mois)
            .select_related("bailleur")
            if passage.statut == Facturation.Statut.TERMINEE
            else [],
        },
    )


@require_GET
@never_cache
@action_requise(ACTION)
def releves(request):
    page = Paginator(
        services.releves_avec_totaux()
        .select_related("bailleur")
        .order_by("-mois", "bailleur__nom"),
        50,
    ).get_page(request.GET.get("page"))
    return render(request, "internet_pour_tous/facturation/releves.html", {"page": page})


def _releve(pk: int):
    return get_object_or_404(services.releves_avec_totaux().select_related("bailleur"), pk=pk)


def _page_du_releve(request, releve, *, form=None, rapport=None, status=200):
    page = Paginator(services.lignes_du_releve(releve), LIGNES_PAR_PAGE)
    page.count = releve.nombre_lignes  # déjà compté avec le total : pas de second COUNT
    return render(
        request,
        "internet_pour_tous/facturation/releve.html",
        {
            "releve": releve,
            "page": page.get_page(request.GET.get("page")),
            "form": form or ImpayesForm(),
            "rapport": rapport,
            "formats": exports.FORMATS,
            "modifiable": releve.statut in ("prepare", "envoye"),
        },
        status=status,
    )


@require_GET
@never_cache
@action_requise(ACTION)
def releve(request, releve: int):
    return _page_du_releve(request, _releve(releve))


@require_GET
@never_cache
@action_requise(ACTION)
def releve_fichier(request, releve: int, format: str):
    if format not in exports.FORMATS:
        raise Http404
    fichier = exports.releve_fichier(_releve(releve), format)
    reponse = HttpResponse(fichier.contenu, content_type=fichier.type_mime)
    reponse["Content-Disposition"] = f'attachment; filename="{fichier.nom}"'
    return reponse


def _agir(request, releve: int, fonction, succes: str):
    objet = _releve(releve)
    try:
        fonction(objet, par=request.user)
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        messages.success(request, succes)
    return redirect("gestion_ipt:releve", releve=objet.pk)


@post_seulement(retour="gestion_ipt:releve")
@never_cache
@action_requise(ACTION)
def releve_envoye(request, releve: int):
    return _agir(request, releve, services.releve_marquer_envoye, _("Relevé marqué envoyé."))


@post_seulement(retour="gestion_ipt:releve")
@never_cache
@action_requise(ACTION)
def releve_paye(request, releve: int):
    return _agir(request, releve, services.releve_marquer_paye, _("Relevé marqué payé en entier."))


@post_seulement(retour="gestion_ipt:releve")
@never_cache
@action_requise(ACTION)
def impayes_importer(request, releve: int):
    objet = _releve(releve)
    form = ImpayesForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page_du_releve(request, objet, form=form, status=400)
    rapport = importer(objet, form.cleaned_data["fichier"], par=request.user)
    if not rapport.valide:
        return _page_du_releve(request, objet, form=form, rapport=rapport, status=400)
    messages.success(
        request,
        _("Paiement enregistré\u00a0: %(n)d lignes impayées, les autres payées.")
        % {"n": rapport.impayees},
    )
    return redirect("gestion_ipt:releve", releve=objet.pk)
