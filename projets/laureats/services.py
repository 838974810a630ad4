"""Les fiches publiques des lauréats."""

from django.utils.text import slugify

from projets.laureats.models import Laureat


def laureats_preparer(dossiers) -> list[Laureat]:
    """Une fiche par dossier voté qui n'en a pas : identifiant tiré du titre (unique
    dans l'année), résumé du dossier en attendant celui écrit pour le public."""
    dossiers = list(dossiers)
    deja = set(Laureat.objects.filter(dossier__in=dossiers).values_list("dossier_id", flat=True))
    dossiers = [d for d in dossiers if d.pk not in deja]
    if not dossiers:
        return []
    annees = {d.edition.annee for d in dossiers}
    pris = set(Laureat.objects.filter(annee__in=annees).values_list("annee", "slug"))
    fiches = []
    for dossier in dossiers:
        annee = dossier.edition.annee
        base = slugify(dossier.titre)[:100] or f"projet-{dossier.pk}"
        slug, n = base, 2
        while (annee, slug) in pris:
            slug, n = f"{base}-{n}", n + 1
        pris.add((annee, slug))
        fiches.append(
            Laureat(dossier=dossier, annee=annee, slug=slug, resume_public=dossier.resume)
        )
    fiches = Laureat.objects.bulk_create(fiches)
    Laureat.version_publique.changer()
    return fiches
