from django import template
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch

from brest_numerique.cache_anonyme import rendu_pour_le_cache
from brest_numerique.nombres import entier
from brest_numerique.pagination import Paginateur
from commentaires.cartes import TextesDesCartes, carte
from commentaires.forms import TROU_HORODATAGE, CommentaireForm, SignalementForm
from commentaires.models import Commentaire

register = template.Library()
PAR_PAGE = 50


@register.inclusion_tag("commentaires/fil.html", takes_context=True)
def commentaires(context, objet):
    """`{% commentaires objet %}` : les commentaires publiés de l'objet, paginés,
    avec leurs réponses, puis le formulaire (ou la mention « fermés »)."""
    request = context["request"]
    if objet.pk is None or getattr(request, "is_preview", False):
        # Aperçu de l'éditeur (page pas encore enregistrée, ou version non publiée) :
        # ni fil ni formulaire, qui viseraient une page que le public ne voit pas.
        return {"apercu": True}
    reponses = Prefetch(
        "reponses",
        queryset=Commentaire.objects.publies().order_by("cree_le", "pk"),
        to_attr="reponses_publiees",
    )
    publies = (
        Commentaire.objects.publies()
        .pour(objet)
        .filter(parent__isnull=True)
        .prefetch_related(reponses)
        .order_by("cree_le", "pk")
    )
    page = Paginateur(publies, PAR_PAGE).get_page(request.GET.get("commentaires"))
    fermes = objet.commentaires_fermes()
    textes = TextesDesCartes.pour_la_page(
        raisons=SignalementForm.base_fields["raison"].choices,
        csrf_token=context.get("csrf_token"),
    )
    for commentaire in page:
        commentaire.carte = carte(commentaire, textes, reponse=False, fermes=fermes)
        for reponse in commentaire.reponses_publiees:
            reponse.carte = carte(reponse, textes, reponse=True, fermes=fermes)
    user = request.user
    initial = {"nom": user.get_full_name(), "email": user.email} if user.is_authenticated else {}
    if rendu_pour_le_cache(request):
        # Page gardée en cache : l'horodatage est remis à neuf à chaque réponse.
        initial["horodatage"] = TROU_HORODATAGE
    return {
        "request": request,
        "parent": entier(request.GET.get("repondre"), minimum=1),
        "objet": objet,
        "type_id": ContentType.objects.get_for_model(objet).pk,
        "page": page,
        "fermes": fermes,
        "form": context.get("form_commentaire")
        or CommentaireForm(objet=objet, initial=initial, request=request),
        "csrf_token": context.get("csrf_token"),
    }
