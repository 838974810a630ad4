from django import template
from django.contrib.contenttypes.models import ContentType

from brest_numerique.cache_anonyme import rendu_pour_le_cache
from brest_numerique.nombres import entier
from commentaires.fil import fil_publie
from commentaires.forms import TROU_HORODATAGE, CommentaireForm

register = template.Library()


@register.inclusion_tag("commentaires/fil.html", takes_context=True)
def commentaires(context, objet):
    """`{% commentaires objet %}` : les commentaires publiés de l'objet, paginés,
    avec leurs réponses, puis le formulaire (ou la mention « fermés »)."""
    request = context["request"]
    if objet.pk is None or getattr(request, "is_preview", False):
        # Aperçu de l'éditeur (page pas encore enregistrée, ou version non publiée) :
        # ni fil ni formulaire, qui viseraient une page que le public ne voit pas.
        return {"apercu": True}
    fermes = objet.commentaires_fermes()
    fil = fil_publie(objet, page_demandee=request.GET.get("commentaires"), fermes=fermes)
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
        "total": fil.total,
        "liste": fil.avec_jeton(context.get("csrf_token")),
        "fermes": fermes,
        "form": context.get("form_commentaire")
        or CommentaireForm(objet=objet, initial=initial, request=request),
        "csrf_token": context.get("csrf_token"),
    }
