from django.shortcuts import render
from django.views.decorators.http import require_GET

from programmes.chiffres import CHIFFRES


@require_GET
def accueil(request):
    return render(request, "programmes/accueil.html", {"chiffres": CHIFFRES})
