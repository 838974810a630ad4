"""Ce qui arrive à un commentaire au-delà d'un seul changement de statut :
dépôt, confirmation, signalements, suppression par l'auteur, notifications."""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from brest_numerique import differe
from brest_numerique.comptes.roles import email_verifie, peut
from brest_numerique.etats import TransitionInterdite
from brest_numerique.notifications.services import notify
from commentaires import suites
from commentaires.models import (
    NOM_SUPPRIME,
    TEXTE_SUPPRIME,
    Commentaire,
    PreferenceModeration,
    Signalement,
    version_des_commentaires,
)
from commentaires.suites import moderateurs

# Le travail d'après le dépôt, selon la recette commune (brest_numerique/differe.py) :
# la marque `suites_en_attente` est levée par le dépôt, baissée par la tâche.
SUITES_DU_DEPOT = differe.SuitesSurLigne(
    "commentaires.suites_du_depot", Commentaire, tache="commentaires.tasks.suites_du_depot"
)


def empreinte_ip(ip: str) -> str:
    """L'adresse IP n'est jamais stockée en clair : seulement un HMAC salé."""
    cle = hashlib.sha256(f"commentaires.ip:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(cle, ip.encode(), hashlib.sha256).hexdigest() if ip else ""


def lire_jeton(jeton: str, *, sel: str, max_age: int | None = None):
    """Lève signing.BadSignature si le jeton est altéré ou expiré."""
    return signing.loads(jeton, salt=sel, max_age=max_age)


def commentaire_deposer(*, objet, donnees: dict, auteur=None, ip: str = "") -> Commentaire:
    """Enregistre un commentaire validé. Rien n'est jamais publié ici, sauf la
    réponse d'un modérateur, qui se valide elle-même.

    Le dépôt d'un visiteur tient en une seule écriture : ses suites (courriel de
    confirmation ou alerte des modérateurs, filtre anti-spam) se font dans le
    worker, une fois l'écriture validée. Le visiteur n'attend ni le rendu des
    courriels ni leurs écritures, et rien ne se perd : le commentaire garde
    `suites_en_attente` tant qu'elles ne sont pas faites."""
    if auteur is not None and peut(auteur, "moderer_commentaires"):
        return _reponse_de_l_equipe(objet=objet, donnees=donnees, auteur=auteur, ip=ip)
    confirme = not settings.COMMENTAIRES_CONFIRMATION_EMAIL or (
        auteur is not None
        and email_verifie(auteur)
        and auteur.email.lower() == donnees["email"].lower()
    )
    commentaire = _nouveau_commentaire(
        objet=objet,
        donnees=donnees,
        auteur=auteur,
        ip=ip,
        statut=Commentaire.Statut.EN_ATTENTE
        if confirme
        else Commentaire.Statut.EN_ATTENTE_CONFIRMATION,
        suites_en_attente=True,
    )
    # L'adresse IP ne passe en clair que dans le message de la tâche, pour Akismet.
    SUITES_DU_DEPOT.programmer(commentaire, ip)
    return commentaire


def _nouveau_commentaire(*, objet, donnees: dict, auteur, ip: str, **champs) -> Commentaire:
    return Commentaire.objects.create(
        objet=objet,
        parent=donnees.get("parent"),
        auteur=auteur,
        nom=donnees["nom"],
        email=donnees["email"].lower(),
        texte=donnees["texte"],
        empreinte_texte=Commentaire.empreinte(donnees["texte"]),
        ip_empreinte=empreinte_ip(ip),
        **champs,
    )


@transaction.atomic
def _reponse_de_l_equipe(*, objet, donnees: dict, auteur, ip: str) -> Commentaire:
    commentaire = _nouveau_commentaire(
        objet=objet, donnees=donnees, auteur=auteur, ip=ip, equipe=True
    )
    commentaire.approuver(par=auteur)
    return commentaire


@transaction.atomic
def commentaire_suites_du_depot(*, pk: int, ip: str = "") -> bool:
    """Les suites d'un dépôt, faites une seule fois même si la tâche est rejouée
    ou relancée par le balayage. Renvoie False s'il n'y avait rien à faire."""
    commentaire = (
        Commentaire.objects.select_for_update().filter(pk=pk, suites_en_attente=True).first()
    )
    if commentaire is None:
        return False
    if commentaire.statut == Commentaire.Statut.EN_ATTENTE_CONFIRMATION:
        notify(
            kind="commentaire_confirmation",
            to=commentaire.email,
            key=f"commentaire_confirmation:{commentaire.pk}",
            context={
                **suites.contexte_auteur(commentaire),
                "lien_confirmation": suites.lien_confirmation(commentaire),
            },
        )
    elif commentaire.statut == Commentaire.Statut.EN_ATTENTE:
        suites.mis_en_file(commentaire, ip=ip)
    # Un autre statut : un modérateur a déjà tranché, il n'y a plus personne à prévenir.
    commentaire.suites_en_attente = False
    commentaire.save(update_fields=["suites_en_attente"])
    return True


@transaction.atomic
def commentaire_confirmer(*, pk: int, ip: str = "") -> Commentaire | None:
    """Le lien de confirmation a été suivi : sans effet si c'est déjà fait."""
    commentaire = Commentaire.objects.filter(pk=pk).first()
    if commentaire is None:
        return None
    if commentaire.statut == Commentaire.Statut.EN_ATTENTE_CONFIRMATION:
        commentaire.confirmer(ip=ip)
    return commentaire


# Les décisions de modération, telles que la file et l'administration les proposent.
DECISIONS = {"approuver", "rejeter", "marquer_spam"}


def commentaire_decider(*, commentaire: Commentaire, action: str, par, motif: str = "") -> None:
    """Applique une décision de modération à un commentaire, par sa transition (qui
    verrouille la ligne) ; lève TransitionInterdite si son statut ne la permet pas.
    Le seul chemin des décisions, en un clic comme par lot."""
    if action not in DECISIONS:
        raise ValueError(f"Décision inconnue : {action}")
    if action == "approuver":
        commentaire.approuver(par=par)
    elif action == "rejeter":
        commentaire.rejeter(par=par, motif=motif)
    else:
        commentaire.marquer_spam(par=par, motif=motif)


def commentaires_appliquer(*, ids, action: str, par, motif: str = "") -> tuple[int, int]:
    """Applique une décision de modération à plusieurs commentaires, chacun dans sa
    transaction : un refus (statut qui ne le permet pas) n'annule pas les autres.
    Renvoie (faits, refusés). Le seul chemin des actions groupées."""
    if action not in DECISIONS:
        raise ValueError(f"Décision inconnue : {action}")
    faits = refuses = 0
    for commentaire in Commentaire.objects.filter(pk__in=list(ids)).order_by("pk"):
        try:
            commentaire_decider(commentaire=commentaire, action=action, par=par, motif=motif)
        except TransitionInterdite:
            refuses += 1
        else:
            faits += 1
    return faits, refuses


def signaleurs_distincts(signalements, *, maintenant=None) -> int:
    """Combien de personnes distinctes ont signalé : deux signalements venus de la
    même adresse, ou du même compte, n'en font qu'une ; un compte créé depuis moins
    de COMMENTAIRES_SIGNALEMENT_ANCIENNETE_JOURS ne compte pas (son signalement
    parvient quand même aux modérateurs). Sans cela, une personne seule ouvrait
    deux comptes sur sa machine et masquait ce qu'elle voulait."""
    anciennete = timedelta(days=settings.COMMENTAIRES_SIGNALEMENT_ANCIENNETE_JOURS)
    recent = (maintenant or timezone.now()) - anciennete
    adresses, comptes, personnes = set(), set(), 0
    for signalement in signalements:
        compte = signalement.compte
        if compte is not None and compte.date_joined > recent:
            continue
        if signalement.ip_empreinte in adresses or (compte is not None and compte.pk in comptes):
            continue
        adresses.add(signalement.ip_empreinte)
        if compte is not None:
            comptes.add(compte.pk)
        personnes += 1
    return personnes


@transaction.atomic
def commentaire_signaler(*, commentaire: Commentaire, raison: str, compte, ip: str) -> bool:
    """Enregistre le signalement (un par personne). Au seuil de personnes distinctes,
    le commentaire est masqué et revient dans la file. Renvoie False si la personne
    l'avait déjà signalé."""
    ip_empreinte = empreinte_ip(ip)
    _, nouveau = Signalement.objects.get_or_create(
        commentaire=commentaire,
        signaleur=f"u{compte.pk}" if compte is not None else ip_empreinte,
        defaults={"raison": raison, "compte": compte, "ip_empreinte": ip_empreinte},
    )
    if not nouveau:
        return False
    seuil = settings.COMMENTAIRES_SEUIL_SIGNALEMENTS
    commentaire.refresh_from_db(fields=["statut"])
    if commentaire.statut != Commentaire.Statut.PUBLIE:
        return True
    # Un modérateur qui réapprouve un commentaire masqué a tranché : seuls les
    # signalements postérieurs à sa décision comptent pour un nouveau masquage.
    signalements = commentaire.signalements.select_related("compte").order_by("cree_le", "pk")
    approbation = (
        commentaire.transitions.filter(vers=Commentaire.Statut.PUBLIE)
        .order_by("-quand", "-pk")
        .first()
    )
    if approbation is not None:
        signalements = signalements.filter(cree_le__gt=approbation.quand)
    if signaleurs_distincts(signalements) >= seuil:
        commentaire.masquer(
            motif=gettext("%(nombre)s signalements de lecteurs") % {"nombre": seuil}
        )
    return True


@transaction.atomic
def commentaires_supprimer_de(*, email: str, auteur=None) -> int:
    """L'auteur retire ses commentaires : le texte est remplacé pour que les
    réponses gardent leur contexte, et ses données personnelles effacées. Avec
    `auteur`, aussi ceux que son compte a écrits sous une autre adresse."""
    siens = (
        Q(email__iexact=email) | Q(auteur=auteur) if auteur is not None else Q(email__iexact=email)
    )
    commentaires = list(Commentaire.objects.filter(siens, supprime_par_auteur=False))
    texte, nom = str(TEXTE_SUPPRIME), str(NOM_SUPPRIME)
    for commentaire in commentaires:
        commentaire.texte = texte
        commentaire.nom = nom
        commentaire.email = f"supprime-{commentaire.pk}@invalid"
        commentaire.ip_empreinte = ""
        commentaire.supprime_par_auteur = True
    Commentaire.objects.bulk_update(
        commentaires, ["texte", "nom", "email", "ip_empreinte", "supprime_par_auteur"]
    )
    version_des_commentaires.changer()
    return len(commentaires)


def commentaires_effacer_du_compte(user) -> None:
    """Le compte est supprimé (brest_numerique/comptes/suppression.py) : la même
    règle que le lien de suppression des courriels, pour l'adresse du compte et
    tout ce qu'il a écrit. Le lien avec le compte tombe ensuite (SET_NULL)."""
    commentaires_supprimer_de(email=user.email, auteur=user)


def empreintes_ip_purger(*, maintenant=None) -> int:
    """Efface les empreintes d'adresse IP de plus de 12 mois."""
    limite = (maintenant or timezone.now()) - timedelta(days=365)
    return (
        Commentaire.objects.filter(cree_le__lt=limite)
        .exclude(ip_empreinte="")
        .update(ip_empreinte="")
    )


def resume_quotidien_envoyer(*, jour) -> int:
    """Le résumé du jour pour les modérateurs qui l'ont choisi."""
    file = Commentaire.objects.a_moderer()
    nombre = file.count()
    if not nombre:
        return 0
    plus_anciens = list(file.order_by("cree_le")[:10])
    ids = PreferenceModeration.objects.filter(
        rythme=PreferenceModeration.Rythme.QUOTIDIEN
    ).values_list("moderateur_id", flat=True)
    envoyes = 0
    for moderateur in moderateurs().filter(pk__in=ids):
        notify(
            kind="moderation_resume",
            to=moderateur,
            key=f"moderation_resume:{jour.isoformat()}:{moderateur.pk}",
            context={
                "nombre": nombre,
                "commentaires": plus_anciens,
                "lien_file": settings.SITE_URL + reverse("commentaires:moderation"),
            },
        )
        envoyes += 1
    return envoyes
