"""La file de modération (/moderation/), réservée au rôle Webmestres."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from brest_numerique.comptes.roles import action_requise
from brest_numerique.nombres import entier
from commentaires import services
from commentaires.models import (
    Commentaire,
    PreferenceModeration,
    historique_des_auteurs,
)
from commentaires.rendu import en_html

PAR_PAGE = 25
FILE = "file"  # filtre par défaut : en attente et masqués


class FiltresFile(forms.Form):
    statut = forms.ChoiceField(
        label=gettext_lazy("Statut"),
        required=False,
        choices=[(FILE, gettext_lazy("À traiter (en attente et masqués)"))]
        + list(Commentaire.Statut.choices),
    )
    page_objet = forms.RegexField(
        label=gettext_lazy("Page"),
        required=False,
        regex=r"^[0-9]{1,18}-[0-9]{1,18}$",
        widget=forms.HiddenInput,
    )


class IdentifiantsField(forms.Field):
    """Les cases cochées : une liste d'identifiants entiers."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        ids = [entier(v) for v in value or []]
        if None in ids:
            raise forms.ValidationError(_("Sélection invalide."))
        return ids


class ActionForm(forms.Form):
    ACTIONS = [  # les décisions de services.DECISIONS
        ("approuver", gettext_lazy("Approuver")),
        ("rejeter", gettext_lazy("Rejeter")),
        ("marquer_spam", gettext_lazy("Marquer comme indésirable")),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    ids = IdentifiantsField()
    motif = forms.CharField(required=False, max_length=500)


class RythmeForm(forms.Form):
    rythme = forms.ChoiceField(
        label=gettext_lazy("Être prévenu"), choices=PreferenceModeration.Rythme.choices
    )


# Comme Commentaire.objects.a_moderer(), sous forme de condition combinable.
A_TRAITER = Q(statut__in=[Commentaire.Statut.EN_ATTENTE, Commentaire.Statut.MASQUE])


def _filtre(filtres: FiltresFile) -> Q:
    valeurs = filtres.cleaned_data if filtres.is_valid() else {}
    statut = valeurs.get("statut") or FILE
    filtre = A_TRAITER if statut == FILE else Q(statut=statut)
    if valeurs.get("page_objet"):
        type_id, objet_id = map(int, valeurs["page_objet"].split("-"))
        filtre &= Q(content_type_id=type_id, object_id=objet_id)
    return filtre


@action_requise("moderer_commentaires")
def file(request):
    filtres = FiltresFile(request.GET)
    filtre = _filtre(filtres)
    # Une seule requête pour deux totaux : celui de la sélection (pagination) et
    # celui du menu des modérateurs, que le processeur de contexte reprend.
    comptes = Commentaire.objects.filter(filtre | A_TRAITER).aggregate(
        selection=Count("pk", filter=filtre), a_traiter=Count("pk", filter=A_TRAITER)
    )
    request.commentaires_a_moderer = comptes["a_traiter"]
    paginator = Paginator(
        Commentaire.objects.filter(filtre)
        .select_related("content_type", "parent")
        .prefetch_related("objet")
        .order_by("cree_le", "pk"),
        PAR_PAGE,
    )
    paginator.count = comptes["selection"]  # propriété mise en cache : déjà comptée
    page = paginator.get_page(request.GET.get("page"))
    historique = historique_des_auteurs([c.email for c in page])
    for commentaire in page:
        commentaire.html = en_html(commentaire.texte)
        commentaire.historique = historique.get(commentaire.email, {"publies": 0, "rejetes": 0})
    preference = PreferenceModeration.objects.filter(moderateur=request.user).first()
    requete = request.GET.copy()
    requete.pop("page", None)
    return render(
        request,
        "commentaires/moderation.html",
        {
            "filtres": filtres,
            "page": page,
            "requete": requete.urlencode(),
            "actions": ActionForm.ACTIONS,
            "rythme": RythmeForm(
                initial={"rythme": preference.rythme if preference else "immediat"}
            ),
        },
    )


def annoncer_resultat(request, *, faits: int, refuses: int) -> None:
    """Le bilan d'une décision groupée, pour la file comme pour l'administration."""
    if faits:
        messages.success(
            request,
            ngettext("%(nombre)s commentaire traité.", "%(nombre)s commentaires traités.", faits)
            % {"nombre": faits},
        )
    if refuses:
        messages.warning(
            request,
            ngettext(
                "%(nombre)s commentaire ignoré\u00a0: son statut ne permet pas cette action.",
                "%(nombre)s commentaires ignorés\u00a0: leur statut ne permet pas cette action.",
                refuses,
            )
            % {"nombre": refuses},
        )


def _retour(request) -> str:
    """Revenir à la file telle qu'elle était filtrée, jamais ailleurs."""
    retour = request.POST.get("retour", "")
    return retour if retour.startswith("/moderation/") and "//" not in retour else "/moderation/"


@require_POST
@action_requise("moderer_commentaires")
def agir(request):
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cochez au moins un commentaire et choisissez une action."))
        return redirect(_retour(request))
    faits, refuses = services.commentaires_appliquer(
        ids=form.cleaned_data["ids"],
        action=form.cleaned_data["action"],
        par=request.user,
        motif=form.cleaned_data["motif"],
    )
    annoncer_resultat(request, faits=faits, refuses=refuses)
    return redirect(_retour(request))


@require_POST
@action_requise("moderer_commentaires")
def rythme(request):
    form = RythmeForm(request.POST)
    if form.is_valid():
        PreferenceModeration.objects.update_or_create(
            moderateur=request.user, defaults={"rythme": form.cleaned_data["rythme"]}
        )
        messages.success(request, _("Votre préférence de notification est enregistrée."))
    return redirect("commentaires:moderation")
