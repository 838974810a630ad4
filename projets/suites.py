"""Les courriels qui suivent chaque transition d'un dossier, mis dans la boîte
d'envoi par la méthode de transition, dans sa transaction (rien ne part pour une
transition annulée). Les destinataires : les membres de la structure d'un côté,
l'instructeur du dossier (à défaut ceux de l'édition, puis l'adresse de l'équipe)
de l'autre."""

from django.conf import settings
from django.urls import reverse

from brest_numerique.notifications.services import notify


def _lien(nom: str, *args) -> str:
    return settings.SITE_URL + reverse(nom, args=args)


def _contexte(dossier, **plus) -> dict:
    return {
        "dossier": dossier,
        "edition": dossier.edition,
        "structure": dossier.structure,
        "lien_candidat": _lien("projets:dossier", dossier.pk),
        "lien_instruction": _lien("instruction:dossier", dossier.pk),
        **plus,
    }


def membres(dossier) -> list:
    return [membre.user for membre in dossier.structure.membres.select_related("user")]


def instructeurs(dossier) -> list:
    if dossier.instructeur_id:
        return [dossier.instructeur]
    return list(dossier.edition.instructeurs.all()) or [settings.STAFF_EMAIL]


def _envoyer(kind: str, destinataires, dossier, cle: str, **contexte) -> None:
    contexte = _contexte(dossier, **contexte)
    for destinataire in destinataires:
        adresse = getattr(destinataire, "email", destinataire)
        notify(kind=kind, to=destinataire, key=f"{kind}:{cle}:{adresse}", context=contexte)


def dossier_depose(dossier) -> None:
    _envoyer("dossier_depose", membres(dossier), dossier, dossier.numero)
    _envoyer("dossier_recu", instructeurs(dossier), dossier, dossier.numero)


def etat_change(dossier, *, par, motif: str = "") -> None:
    etape = dossier.historique.order_by("-pk").first()
    _envoyer("dossier_etat", membres(dossier), dossier, str(etape.pk), etape=etape, motif=motif)


def complements_demandes(dossier, demande) -> None:
    _envoyer("dossier_complements", membres(dossier), dossier, str(demande.pk), demande=demande)


def dossier_complete(dossier, demande) -> None:
    _envoyer("dossier_complete", instructeurs(dossier), dossier, str(demande.pk), demande=demande)
