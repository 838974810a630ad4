from django.shortcuts import render
from django.views.decorators.http import require_safe

from programmes.chiffres import CHIFFRES


@require_safe
def accueil(request):
    return render(request, "programmes/accueil.html", {"chiffres": CHIFFRES})
