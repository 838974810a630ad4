from django.http import Http404


def dossier(request, dossier: int):
    raise Http404  # à écrire : la page du dossier côté candidat
