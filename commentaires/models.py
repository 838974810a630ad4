import hashlib

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from brest_numerique.cache_anonyme import Version

# Écrits en base à la place du texte et du nom de l'auteur qui retire ses commentaires.
TEXTE_SUPPRIME = _("Commentaire supprimé par son auteur")
NOM_SUPPRIME = _("Auteur anonyme")


# Change à chaque transition et à chaque suppression par un auteur : les pages
# commentées gardées en cache (brest_numerique/cache_anonyme.py) en dépendent.
version_des_commentaires = Version("commentaires:version")


class TransitionInterdite(Exception):
    """Ce changement de statut n'est pas permis depuis le statut actuel."""


# Les actions de Commentaire.PERMISES, telles que les nomme TransitionInterdite.
LIBELLES_ACTIONS = {
    "confirmer": pgettext_lazy("transition interdite", "confirmer"),
    "approuver": pgettext_lazy("transition interdite", "approuver"),
    "rejeter": pgettext_lazy("transition interdite", "rejeter"),
    "marquer_spam": pgettext_lazy("transition interdite", "marquer spam"),
    "masquer": pgettext_lazy("transition interdite", "masquer"),
}


class CommentaireQuerySet(models.QuerySet):
    def publies(self):
        return self.filter(statut=Commentaire.Statut.PUBLIE)

    def pour(self, objet):
        return self.filter(
            content_type=ContentType.objects.get_for_model(objet), object_id=objet.pk
        )

    def a_moderer(self):
        """La file : les nouveaux, et ceux que les signalements ont masqués."""
        return self.filter(statut__in=[Commentaire.Statut.EN_ATTENTE, Commentaire.Statut.MASQUE])

    def de_l_auteur(self, email: str):
        return self.filter(email__iexact=email)


class Commentaire(models.Model):
    class Statut(models.TextChoices):
        EN_ATTENTE_CONFIRMATION = "en_attente_confirmation", _("Adresse à confirmer")
        EN_ATTENTE = "en_attente", _("À modérer")
        PUBLIE = "publie", _("Publié")
        REJETE = "rejete", _("Rejeté")
        SPAM = "spam", _("Indésirable")
        MASQUE = "masque", _("Masqué")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    objet = GenericForeignKey("content_type", "object_id")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="reponses"
    )
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    nom = models.CharField(_("nom"), max_length=80)
    email = models.EmailField(_("adresse électronique"), db_index=True)
    # Texte brut tel que saisi (nettoyé des caractères invisibles) ; le HTML est
    # produit et assaini à l'affichage (voir rendu.py).
    texte = models.TextField(_("texte"))
    empreinte_texte = models.CharField(max_length=64, db_index=True, editable=False)
    statut = models.CharField(
        _("statut"), max_length=30, choices=Statut.choices, default=Statut.EN_ATTENTE
    )
    equipe = models.BooleanField(_("réponse de l'équipe"), default=False)
    probablement_indesirable = models.BooleanField(_("probablement indésirable"), default=False)
    ip_empreinte = models.CharField(max_length=64, blank=True, editable=False)
    cree_le = models.DateTimeField(_("écrit le"), default=timezone.now, db_index=True)
    publie_le = models.DateTimeField(_("publié le"), null=True, blank=True)
    supprime_par_auteur = models.BooleanField(default=False)
    # Vrai du dépôt jusqu'à ce que le worker en ait fait les suites (courriels,
    # filtre anti-spam) : le balayage périodique retrouve ceux qu'un message
    # perdu aurait laissés là (services.commentaire_suites_du_depot).
    suites_en_attente = models.BooleanField(default=False, editable=False)

    objects = CommentaireQuerySet.as_manager()

    class Meta:
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")
        ordering = ["cree_le", "pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "statut", "cree_le"]),
            models.Index(fields=["statut", "cree_le"]),
            models.Index(
                fields=["cree_le"],
                condition=Q(suites_en_attente=True),
                name="commentaire_suites_en_attente",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nom} : {self.texte[:40]}"

    @staticmethod
    def empreinte(texte: str) -> str:
        return hashlib.sha256(" ".join(texte.lower().split()).encode()).hexdigest()

    # --- Transitions : une méthode par changement permis, tracé dans l'historique.

    PERMISES = {
        "confirmer": ({Statut.EN_ATTENTE_CONFIRMATION}, Statut.EN_ATTENTE),
        "approuver": (
            {Statut.EN_ATTENTE, Statut.MASQUE, Statut.SPAM, Statut.REJETE},
            Statut.PUBLIE,
        ),
        "rejeter": ({Statut.EN_ATTENTE, Statut.MASQUE, Statut.PUBLIE}, Statut.REJETE),
        "marquer_spam": (
            {Statut.EN_ATTENTE, Statut.MASQUE, Statut.PUBLIE, Statut.EN_ATTENTE_CONFIRMATION},
            Statut.SPAM,
        ),
        "masquer": ({Statut.PUBLIE}, Statut.MASQUE),
    }

    @transaction.atomic
    def _passer(self, action: str, *, par=None, motif: str = "") -> None:
        depuis, vers = self.PERMISES[action]
        # Verrou : deux modérateurs qui cliquent en même temps ne font qu'une transition.
        actuel = Commentaire.objects.select_for_update().get(pk=self.pk)
        if actuel.statut not in depuis:
            raise TransitionInterdite(
                gettext("Impossible de %(action)s un commentaire « %(statut)s ».")
                % {"action": LIBELLES_ACTIONS[action], "statut": actuel.get_statut_display()}
            )
        self.statut = vers
        champs = ["statut"]
        if vers == self.Statut.PUBLIE and not actuel.publie_le:
            self.publie_le = timezone.now()
            champs.append("publie_le")
        self.save(update_fields=champs)
        Transition.objects.create(
            commentaire=self, de=actuel.statut, vers=vers, par=par, motif=motif
        )
        version_des_commentaires.changer()

    def confirmer(self) -> None:
        self._passer("confirmer")

    def approuver(self, *, par) -> None:
        self._passer("approuver", par=par)

    def rejeter(self, *, par, motif: str = "") -> None:
        self._passer("rejeter", par=par, motif=motif)

    def marquer_spam(self, *, par=None, motif: str = "") -> None:
        self._passer("marquer_spam", par=par, motif=motif)

    def masquer(self, *, par=None, motif: str = "") -> None:
        self._passer("masquer", par=par, motif=motif)


class TransitionQuerySet(models.QuerySet):
    # Les écritures en masse contournent save() et delete() : on les ferme aussi.
    # (La suppression en cascade d'un commentaire passe par le Collector, pas ici.)
    def update(self, **kwargs):
        raise PermissionDenied("Le journal de modération ne se modifie pas.")

    def delete(self):
        raise PermissionDenied("Le journal de modération ne se supprime pas.")


class Transition(models.Model):
    """Journal des changements de statut : écrit une fois, jamais modifié."""

    commentaire = models.ForeignKey(
        Commentaire, on_delete=models.CASCADE, related_name="transitions"
    )
    de = models.CharField(max_length=30)
    vers = models.CharField(max_length=30)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    motif = models.TextField(blank=True)
    quand = models.DateTimeField(default=timezone.now)

    objects = TransitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action de modération")
        verbose_name_plural = _("journal de modération")
        ordering = ["-quand", "-pk"]

    def __str__(self) -> str:
        return f"{self.quand:%d/%m/%Y %H:%M} {self.de} → {self.vers}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("Le journal de modération ne se modifie pas.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Le journal de modération ne se supprime pas.")


class Signalement(models.Model):
    class Raison(models.TextChoices):
        SPAM = "spam", _("Indésirable (spam)")
        INJURIEUX = "injurieux", _("Injurieux")
        HORS_SUJET = "hors_sujet", _("Hors sujet")
        AUTRE = "autre", _("Autre")

    commentaire = models.ForeignKey(
        Commentaire, on_delete=models.CASCADE, related_name="signalements"
    )
    raison = models.CharField(max_length=20, choices=Raison.choices)
    # Qui signale, une fois par commentaire : le compte (« u<id> »), ou à défaut
    # l'empreinte de l'adresse IP.
    signaleur = models.CharField(max_length=80)
    # De quel compte et de quelle adresse : le seuil de masquage compte des
    # personnes distinctes par l'un et par l'autre (services.signaleurs_distincts).
    compte = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    ip_empreinte = models.CharField(max_length=64, blank=True, editable=False)
    cree_le = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["commentaire", "signaleur"], name="un_signalement_par_personne"
            )
        ]

    def __str__(self) -> str:
        return gettext("%(raison)s sur le commentaire %(numero)s") % {
            "raison": self.get_raison_display(),
            "numero": self.commentaire_id,
        }


class PreferenceModeration(models.Model):
    class Rythme(models.TextChoices):
        IMMEDIAT = "immediat", _("Un courriel par commentaire à modérer")
        QUOTIDIEN = "quotidien", _("Un résumé par jour")

    moderateur = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preference_moderation"
    )
    rythme = models.CharField(max_length=12, choices=Rythme.choices, default=Rythme.IMMEDIAT)

    def __str__(self) -> str:
        return f"{self.moderateur} : {self.get_rythme_display()}"


def historique_des_auteurs(emails: list[str]) -> dict[str, dict[str, int]]:
    """{email: {"publie": n, "rejete": n, …}} en une requête, pour la file."""
    lignes = (
        Commentaire.objects.filter(email__in=emails)
        .values("email")
        .annotate(
            publies=Count("pk", filter=Q(statut=Commentaire.Statut.PUBLIE)),
            rejetes=Count(
                "pk", filter=Q(statut__in=[Commentaire.Statut.REJETE, Commentaire.Statut.SPAM])
            ),
        )
    )
    return {ligne["email"]: ligne for ligne in lignes}
