"""Ce qui arrive à un commentaire au-delà d'un seul changement de statut :
dépôt, confirmation, signalements, suppression par l'auteur, notifications."""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from brest_numerique.comptes.roles import email_verifie, peut
from brest_numerique.notifications.services import notify
from commentaires.models import (
    NOM_SUPPRIME,
    TEXTE_SUPPRIME,
    Commentaire,
    PreferenceModeration,
    Signalement,
    version_des_commentaires,
)

SEL_CONFIRMATION = "commentaires.confirmation"
SEL_SUPPRESSION = "commentaires.suppression"


def empreinte_ip(ip: str) -> str:
    """L'adresse IP n'est jamais stockée en clair : seulement un HMAC salé."""
    cle = hashlib.sha256(f"commentaires.ip:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(cle, ip.encode(), hashlib.sha256).hexdigest() if ip else ""


def _url(chemin: str) -> str:
    return settings.SITE_URL + chemin


def lien_confirmation(commentaire: Commentaire) -> str:
    jeton = signing.dumps(commentaire.pk, salt=SEL_CONFIRMATION)
    return _url(reverse("commentaires:confirmer", args=[jeton]))


def lien_suppression(email: str) -> str:
    jeton = signing.dumps(email.lower(), salt=SEL_SUPPRESSION)
    return _url(reverse("commentaires:supprimer", args=[jeton]))


def lire_jeton(jeton: str, *, sel: str, max_age: int | None = None):
    """Lève signing.BadSignature si le jeton est altéré ou expiré."""
    return signing.loads(jeton, salt=sel, max_age=max_age)


def _contexte_auteur(commentaire: Commentaire) -> dict:
    return {
        "commentaire": commentaire,
        "objet": commentaire.objet,
        "lien_objet": _url(commentaire.objet.get_absolute_url()) + f"#commentaire-{commentaire.pk}",
        "lien_suppression": lien_suppression(commentaire.email),
    }


def moderateurs():
    """Les comptes qui peuvent modérer : actifs, rôle Webmestres (ou superutilisateurs),
    adresse vérifiée, comme l'exige peut()."""
    User = get_user_model()
    return User.objects.filter(
        Q(is_superuser=True)
        | Q(
            groups__permissions__codename="moderer_commentaires",
            groups__permissions__content_type__app_label="comptes",
            emailaddress__email__iexact=F("email"),
            emailaddress__verified=True,
        ),
        is_active=True,
    ).distinct()


def _prevenir_moderateurs(commentaire: Commentaire, *, sorte: str, occasion: str = "") -> None:
    """`occasion` distingue deux événements de même sorte sur un même commentaire
    (masqué, réapprouvé, puis masqué à nouveau) : chacun a sa clé d'idempotence."""
    quotidiens = set(
        PreferenceModeration.objects.filter(
            rythme=PreferenceModeration.Rythme.QUOTIDIEN
        ).values_list("moderateur_id", flat=True)
    )
    for moderateur in moderateurs():
        if moderateur.pk in quotidiens and sorte == "moderation_nouveau":
            continue
        notify(
            kind=sorte,
            to=moderateur,
            key=f"{sorte}:{commentaire.pk}{occasion}:{moderateur.pk}",
            context={
                "commentaire": commentaire,
                "objet": commentaire.objet,
                "lien_file": _url(reverse("commentaires:moderation")),
            },
        )


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
    from commentaires.tasks import suites_du_depot

    pk = commentaire.pk
    # L'adresse IP ne passe en clair que dans le message de la tâche, pour Akismet.
    transaction.on_commit(lambda: suites_du_depot.delay(pk, ip))
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
    _prevenir_auteur_du_parent(commentaire)
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
                **_contexte_auteur(commentaire),
                "lien_confirmation": lien_confirmation(commentaire),
            },
        )
    elif commentaire.statut == Commentaire.Statut.EN_ATTENTE:
        commentaire_mis_en_file(commentaire, ip=ip)
    # Un autre statut : un modérateur a déjà tranché, il n'y a plus personne à prévenir.
    commentaire.suites_en_attente = False
    commentaire.save(update_fields=["suites_en_attente"])
    return True


def suites_en_retard_relancer(*, depuis) -> int:
    """Remet en file les suites des dépôts d'avant `depuis` restées en attente
    (message perdu par le courtier, worker tombé en pleine tâche)."""
    from commentaires.tasks import suites_du_depot

    ids = list(
        Commentaire.objects.filter(suites_en_attente=True, cree_le__lt=depuis)
        .order_by("cree_le")
        .values_list("pk", flat=True)[:1000]
    )
    for pk in ids:
        suites_du_depot.delay(pk)
    return len(ids)


def commentaire_mis_en_file(commentaire: Commentaire, *, ip: str = "") -> None:
    """Le commentaire entre dans la file : modérateurs prévenus, filtre anti-spam."""
    _prevenir_moderateurs(commentaire, sorte="moderation_nouveau")
    if settings.AKISMET_CLE:
        from commentaires.tasks import verifier_spam

        pk = commentaire.pk
        transaction.on_commit(lambda: verifier_spam.delay(pk, ip))


@transaction.atomic
def commentaire_confirmer(*, pk: int, ip: str = "") -> Commentaire | None:
    """`ip` : celle de la personne qui confirme. Seule son empreinte a été gardée
    au dépôt ; or Akismet exige une adresse en clair pour juger."""
    commentaire = Commentaire.objects.filter(pk=pk).first()
    if commentaire is None:
        return None
    if commentaire.statut == Commentaire.Statut.EN_ATTENTE_CONFIRMATION:
        commentaire.confirmer()
        commentaire_mis_en_file(commentaire, ip=ip)
    return commentaire


@transaction.atomic
def commentaire_approuver(*, commentaire: Commentaire, par) -> None:
    commentaire.approuver(par=par)
    contexte = _contexte_auteur(commentaire)
    notify(
        kind="commentaire_publie",
        to=commentaire.email,
        key=f"commentaire_publie:{commentaire.pk}",
        context=contexte,
    )
    _prevenir_auteur_du_parent(commentaire)


def _prevenir_auteur_du_parent(commentaire: Commentaire) -> None:
    """Une réponse vient d'être publiée (par un modérateur, ou écrite par l'équipe)."""
    parent = commentaire.parent
    if parent and parent.email != commentaire.email and not parent.supprime_par_auteur:
        notify(
            kind="commentaire_reponse",
            to=parent.email,
            key=f"commentaire_reponse:{commentaire.pk}",
            context={**_contexte_auteur(parent), "reponse": commentaire},
        )


@transaction.atomic
def commentaire_rejeter(*, commentaire: Commentaire, par, motif: str = "") -> None:
    commentaire.rejeter(par=par, motif=motif)
    notify(
        kind="commentaire_rejete",
        to=commentaire.email,
        key=f"commentaire_rejete:{commentaire.pk}",
        context={**_contexte_auteur(commentaire), "motif": motif},
    )


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
        masquage = commentaire.transitions.order_by("-pk").first()
        _prevenir_moderateurs(commentaire, sorte="moderation_masque", occasion=f"-{masquage.pk}")
    return True


@transaction.atomic
def commentaires_supprimer_de(*, email: str) -> int:
    """L'auteur retire ses commentaires : le texte est remplacé pour que les
    réponses gardent leur contexte, et ses données personnelles effacées."""
    commentaires = list(Commentaire.objects.de_l_auteur(email).filter(supprime_par_auteur=False))
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
                "lien_file": _url(reverse("commentaires:moderation")),
            },
        )
        envoyes += 1
    return envoyes
