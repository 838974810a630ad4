import hashlib
import smtplib
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from brest_numerique.notifications.types import SORTES, codes_sensibles

# Le bail d'un envoi : le temps qu'un worker se donne entre l'enregistrement de sa
# tentative et celui de son résultat. Tant qu'il court, ni un autre worker ni la
# relance ne renvoient le courriel ; passé ce délai, on tient le worker pour mort et
# l'on renvoie, avec le même Message-ID. Il reste sous le visibility_timeout de
# Redis (3600 s) : un message relivré après la mort d'un worker trouve le bail expiré.
DUREE_DU_BAIL = timedelta(minutes=10)

# Ce qui remplace le corps d'une notification sensible une fois son sort réglé.
CORPS_EFFACE = "Contenu effacé : il contenait un lien de sécurité."


def est_transitoire(exc: BaseException) -> bool:
    """Un nouvel essai a-t-il des chances de réussir ? Oui pour un refus temporaire
    (codes SMTP 4xx), une déconnexion ou une erreur réseau ; non pour le reste."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _msg in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPException):
        return isinstance(exc, smtplib.SMTPServerDisconnected)
    # Les erreurs SMTP sont aussi des OSError : elles sont traitées au-dessus.
    return isinstance(exc, OSError)


def corps_effaces_si_sensibles() -> dict:
    """Expressions d'UPDATE qui effacent les corps des sortes sensibles et laissent
    les autres intacts : une seule requête, sans relire la ligne."""
    sensibles = codes_sensibles()
    return {
        "corps_texte": Case(
            When(sorte__in=sensibles, then=Value(CORPS_EFFACE)),
            default=F("corps_texte"),
            output_field=models.TextField(),
        ),
        "corps_html": Case(
            When(sorte__in=sensibles, then=Value("")),
            default=F("corps_html"),
            output_field=models.TextField(),
        ),
    }


class EchecTransitoire(Exception):
    """L'envoi a échoué pour une raison passagère : la tâche réessaiera."""


class RenvoiImpossible(Exception):
    """La notification ne peut pas être remise dans la file."""


@dataclass(frozen=True)
class Contenu:
    sujet: str
    texte: str
    html: str = ""


class NotificationQuerySet(models.QuerySet):
    def en_attente(self):
        return self.filter(statut=Notification.Statut.EN_ATTENTE)

    def libres(self, *, maintenant):
        """Sans envoi en cours : jamais réservées, ou dont le bail a expiré."""
        return self.filter(
            Q(envoi_commence_le__isnull=True) | Q(envoi_commence_le__lt=maintenant - DUREE_DU_BAIL)
        )

    def oubliees(self, *, depuis):
        """En attente depuis avant `depuis` : leur tâche s'est sans doute perdue.
        Celles dont un worker tient le bail ne le sont pas : il est en train d'envoyer."""
        return (
            self.en_attente()
            .libres(maintenant=timezone.now())
            .filter(derniere_mise_en_file__lt=depuis)
        )

    def en_retard(self, *, depuis):
        """Nées avant `depuis` et toujours pas parties (servi par un index partiel)."""
        return self.en_attente().filter(cree_le__lt=depuis)

    def abandonner(self) -> int:
        """Les essais sont épuisés : celles qui attendent encore passent en échec."""
        return self.en_attente().update(
            statut=Notification.Statut.ECHEC, **corps_effaces_si_sensibles()
        )


class Notification(models.Model):
    """Un courriel dans la boîte d'envoi. La ligne est écrite dans la transaction
    de l'appelant ; la tâche Celery l'envoie après validation de celle-ci."""

    class Statut(models.TextChoices):
        EN_ATTENTE = "en_attente", _("En attente")
        ENVOYEE = "envoyee", _("Envoyée")
        ECHEC = "echec", _("Échec")

    # Pas de `choices` : les sortes vivent dans types.py et en ajouter une ne
    # doit pas demander de migration.
    sorte = models.CharField(_("sorte"), max_length=50, db_index=True)
    destinataire = models.EmailField(_("destinataire"))
    utilisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    sujet = models.CharField(_("sujet"), max_length=255)
    corps_texte = models.TextField(_("corps (texte)"))
    corps_html = models.TextField(_("corps (HTML)"), blank=True)
    en_tetes = models.JSONField(_("en-têtes"), default=dict, blank=True)
    statut = models.CharField(
        _("statut"), max_length=12, choices=Statut.choices, default=Statut.EN_ATTENTE
    )
    tentatives = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    derniere_erreur = models.TextField(_("dernière erreur"), blank=True)
    cle = models.CharField(_("clé d'idempotence"), max_length=200, unique=True)
    cree_le = models.DateTimeField(_("créée le"), default=timezone.now)
    derniere_mise_en_file = models.DateTimeField(_("dernière mise en file"), default=timezone.now)
    # Posé, et validé, avant l'envoi : c'est le bail du worker qui envoie.
    envoi_commence_le = models.DateTimeField(_("envoi commencé le"), null=True, blank=True)
    envoyee_le = models.DateTimeField(_("envoyée le"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-cree_le"]
        indexes = [
            models.Index(fields=["statut", "derniere_mise_en_file"]),
            # Pour la sonde de santé : les lignes en attente sont peu nombreuses,
            # l'index partiel reste minuscule.
            models.Index(
                fields=["cree_le"],
                condition=Q(statut="en_attente"),
                name="notification_attente_cree_le",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.libelle_sorte()} → {self.destinataire}"

    def libelle_sorte(self) -> str:
        sorte = SORTES.get(self.sorte)
        return sorte.libelle if sorte else self.sorte

    def est_sensible(self) -> bool:
        return self.sorte in codes_sensibles()

    def message_id(self) -> str:
        """Le même à chaque envoi de la notification, car dérivé de sa clé
        d'idempotence : un renvoi est reconnu comme le même message par les serveurs
        et les messageries qui dédupliquent."""
        empreinte = hashlib.sha256(self.cle.encode()).hexdigest()[:32]
        return f"<{empreinte}@{urlsplit(settings.SITE_URL).hostname or 'localhost'}>"

    def message(self) -> EmailMultiAlternatives:
        message = EmailMultiAlternatives(
            subject=self.sujet,
            body=self.corps_texte,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[self.destinataire],
            headers={**self.en_tetes, "Message-ID": self.message_id()},
        )
        if self.corps_html:
            message.attach_alternative(self.corps_html, "text/html")
        return message

    @classmethod
    def envoyer(cls, pk: int) -> bool:
        """Envoie la notification `pk` si elle attend encore et que personne n'est en
        train de l'envoyer. Renvoie True si un courriel est parti. Lève
        EchecTransitoire si l'on peut réessayer."""
        notification = cls._reserver(pk)
        if notification is None:
            return False
        # Hors de toute transaction : la réservation est déjà validée, et le verrou
        # n'est pas tenu pendant la conversation SMTP.
        try:
            notification.message().send()
        except Exception as exc:
            notification._noter_echec(exc)
            return False
        notification._noter_envoi()
        return True

    @classmethod
    def _reserver(cls, pk: int) -> "Notification | None":
        """Première transaction, validée avant l'envoi : la tentative est comptée et
        le bail posé. Un worker tué pendant l'envoi laisse ainsi une trace, et nul
        autre ne renvoie le courriel avant l'expiration du bail."""
        maintenant = timezone.now()
        # durable : dans la transaction d'un appelant, la réservation ne serait pas
        # validée avant l'envoi, et la garantie tomberait sans bruit.
        with transaction.atomic(durable=True):
            # skip_locked : un second worker arrivé pendant la réservation passe son
            # chemin au lieu d'attendre ; le premier s'en charge.
            notification = (
                cls.objects.select_for_update(skip_locked=True)
                .en_attente()
                .libres(maintenant=maintenant)
                .filter(pk=pk)
                .first()
            )
            if notification is None:
                return None
            notification.tentatives += 1
            notification.envoi_commence_le = maintenant
            notification.save(update_fields=["tentatives", "envoi_commence_le"])
        return notification

    def _noter_envoi(self) -> None:
        """Seconde transaction : le serveur SMTP a accepté le message. Si le worker
        tombe avant elle, le courriel repartira à l'expiration du bail, sous le même
        Message-ID : c'est la fenêtre qui reste (voir docs/architecture.md)."""
        Notification.objects.filter(pk=self.pk).update(
            statut=self.Statut.ENVOYEE, envoyee_le=timezone.now(), **corps_effaces_si_sensibles()
        )

    def _noter_echec(self, exc: Exception) -> None:
        """Seconde transaction après un refus. Un échec passager rend le bail, pour
        que l'essai suivant puisse partir aussitôt ; un échec définitif clôt la ligne."""
        transitoire = est_transitoire(exc)
        erreur = f"{type(exc).__name__}: {exc}"[:2000]
        changements: dict = {"derniere_erreur": erreur}
        if transitoire:
            changements["envoi_commence_le"] = None
        else:
            changements.update(statut=self.Statut.ECHEC, **corps_effaces_si_sensibles())
        # Filtré sur notre bail : si nous l'avons dépassé et qu'un autre worker a repris
        # l'envoi, c'est à lui d'en noter l'issue.
        a_jour = Notification.objects.filter(
            pk=self.pk, statut=self.Statut.EN_ATTENTE, envoi_commence_le=self.envoi_commence_le
        ).update(**changements)
        # Levée après la mise à jour, pour que la tentative reste enregistrée.
        if a_jour and transitoire:
            raise EchecTransitoire(erreur)

    def renvoyer(self) -> None:
        """Remet une notification en échec dans la file (action d'administration).
        Une notification sensible ne se renvoie pas : son corps, qui portait un lien
        de sécurité, est effacé ; la personne demande un nouveau lien."""
        from brest_numerique.notifications.tasks import envoyer_notification

        if self.est_sensible():
            raise RenvoiImpossible(
                gettext("Cette notification contenait un lien de sécurité, effacé depuis.")
            )
        updated = Notification.objects.filter(pk=self.pk, statut=self.Statut.ECHEC).update(
            statut=self.Statut.EN_ATTENTE,
            derniere_mise_en_file=timezone.now(),
            # Le bail d'un essai passé ne doit pas retenir le nouvel envoi.
            envoi_commence_le=None,
        )
        if updated:
            transaction.on_commit(lambda: envoyer_notification.delay(self.pk))


class Desabonnement(models.Model):
    """Une adresse qui ne veut plus recevoir une sorte de notification facultative."""

    email = models.EmailField(_("adresse électronique"))
    sorte = models.CharField(_("sorte"), max_length=50)
    cree_le = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("désabonnement")
        verbose_name_plural = _("désabonnements")
        constraints = [
            models.UniqueConstraint(fields=["email", "sorte"], name="desabonnement_unique")
        ]

    def __str__(self) -> str:
        return gettext("%(email)s ne reçoit plus « %(sorte)s »") % {
            "email": self.email,
            "sorte": self.sorte,
        }
