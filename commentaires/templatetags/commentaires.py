from django import template
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Prefetch

from brest_numerique.cache_anonyme import rendu_pour_le_cache
from brest_numerique.nombres import entier
from commentaires.forms import TROU_HORODATAGE, CommentaireForm, SignalementForm
from commentaires.models import Commentaire
from commentaires.rendu import en_html

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
    page = Paginator(publies, PAR_PAGE).get_page(request.GET.get("commentaires"))
    for commentaire in page:
        commentaire.html = en_html(commentaire.texte)
        for reponse in commentaire.reponses_publiees:
            reponse.html = en_html(reponse.texte)
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
        "fermes": objet.commentaires_fermes(),
        "form": context.get("form_commentaire")
        or CommentaireForm(objet=objet, initial=initial, request=request),
        "signalement": SignalementForm(),
        "csrf_token": context.get("csrf_token"),
    }
