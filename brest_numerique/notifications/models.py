import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from brest_numerique.notifications.types import SORTES


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


class EchecTransitoire(Exception):
    """L'envoi a échoué pour une raison passagère : la tâche réessaiera."""


@dataclass(frozen=True)
class Contenu:
    sujet: str
    texte: str
    html: str = ""


class NotificationQuerySet(models.QuerySet):
    def en_attente(self):
        return self.filter(statut=Notification.Statut.EN_ATTENTE)

    def oubliees(self, *, depuis):
        """En attente depuis avant `depuis` : leur tâche s'est sans doute perdue."""
        return self.en_attente().filter(derniere_mise_en_file__lt=depuis)


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
    envoyee_le = models.DateTimeField(_("envoyée le"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-cree_le"]
        indexes = [models.Index(fields=["statut", "derniere_mise_en_file"])]

    def __str__(self) -> str:
        return f"{self.libelle_sorte()} → {self.destinataire}"

    def libelle_sorte(self) -> str:
        sorte = SORTES.get(self.sorte)
        return sorte.libelle if sorte else self.sorte

    def message(self) -> EmailMultiAlternatives:
        message = EmailMultiAlternatives(
            subject=self.sujet,
            body=self.corps_texte,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[self.destinataire],
            headers=self.en_tetes,
        )
        if self.corps_html:
            message.attach_alternative(self.corps_html, "text/html")
        return message

    @classmethod
    def envoyer(cls, pk: int) -> bool:
        """Envoie la notification `pk` si elle attend encore. Renvoie True si un
        courriel est parti. Lève EchecTransitoire si l'on peut réessayer."""
        with transaction.atomic():
            # Le verrou empêche deux workers d'envoyer la même ligne ; skip_locked
            # laisse filer le second au lieu de l'attendre : le premier s'en charge.
            notification = (
                cls.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, statut=cls.Statut.EN_ATTENTE)
                .first()
            )
            if notification is None:
                return False
            notification.tentatives += 1
            try:
                notification.message().send()
            except Exception as exc:
                notification.derniere_erreur = f"{type(exc).__name__}: {exc}"[:2000]
                if not est_transitoire(exc):
                    notification.statut = cls.Statut.ECHEC
                notification.save(update_fields=["tentatives", "derniere_erreur", "statut"])
                transitoire = est_transitoire(exc)
            else:
                notification.statut = cls.Statut.ENVOYEE
                notification.envoyee_le = timezone.now()
                notification.save(update_fields=["tentatives", "statut", "envoyee_le"])
                return True
        # Levée hors du bloc atomique, pour que la tentative reste enregistrée.
        if transitoire:
            raise EchecTransitoire(notification.derniere_erreur)
        return False

    def abandonner(self) -> None:
        """Les essais sont épuisés : la notification passe en échec."""
        Notification.objects.filter(pk=self.pk, statut=self.Statut.EN_ATTENTE).update(
            statut=self.Statut.ECHEC
        )

    def renvoyer(self) -> None:
        """Remet une notification en échec dans la file (action d'administration)."""
        from brest_numerique.notifications.tasks import envoyer_notification

        updated = Notification.objects.filter(pk=self.pk, statut=self.Statut.ECHEC).update(
            statut=self.Statut.EN_ATTENTE, derniere_mise_en_file=timezone.now()
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
        return gettext("%(email)s ne reçoit plus « %(sorte)s »") % {
            "email": self.email,
            "sorte": self.sorte,
        }
