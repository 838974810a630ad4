import hashlib

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from brest_numerique import etats
from brest_numerique.cache_anonyme import Version
from brest_numerique.etats import Journal, MachineAEtats

# Écrits en base à la place du texte et du nom de l'auteur qui retire ses commentaires.
TEXTE_SUPPRIME = _("Commentaire supprimé par son auteur")
NOM_SUPPRIME = _("Auteur anonyme")


# Change à chaque transition et à chaque suppression par un auteur : les pages
# commentées gardées en cache (brest_numerique/cache_anonyme.py) en dépendent.
version_des_commentaires = Version("commentaires:version")


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
        # Les index de la file de modération (commentaires/moderation.py) suivent
        # exactement son tri (cree_le, id) : une page profonde se lit dans l'index,
        # sans trier ni lire les lignes qu'elle saute.
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "statut", "cree_le", "id"],
                name="commentaire_page_statut",
            ),
            models.Index(fields=["statut", "cree_le", "id"], name="commentaire_statut_date"),
            models.Index(
                fields=["cree_le", "id"],
                condition=Q(statut__in=["en_attente", "masque"]),
                name="commentaire_file_a_traiter",
            ),
            models.Index(
                fields=["cree_le"],
                condition=Q(suites_en_attente=True),
                name="commentaire_suites_en_attente",
            ),
            # L'historique des auteurs de la file (lignes_de_la_file.py) se
            # compte dans l'index seul, sans lire une ligne par commentaire passé.
            models.Index(fields=["email", "statut"], name="commentaire_email_statut"),
        ]

    def __str__(self) -> str:
        return f"{self.nom} : {self.texte[:40]}"

    @staticmethod
    def empreinte(texte: str) -> str:
        return hashlib.sha256(" ".join(texte.lower().split()).encode()).hexdigest()

    # --- Transitions : une méthode publique par changement permis, qui fait aussi
    # ses suites (courriels, file de modération) dans la même transaction. Il n'y a
    # pas d'autre chemin : la file, l'administration et les tâches les appellent.

    MACHINE = MachineAEtats(
        journal="transitions",
        transitions={
            "confirmer": etats.Transition(
                {Statut.EN_ATTENTE_CONFIRMATION},
                Statut.EN_ATTENTE,
                pgettext_lazy("transition interdite", "confirmer"),
            ),
            "approuver": etats.Transition(
                {Statut.EN_ATTENTE, Statut.MASQUE, Statut.SPAM, Statut.REJETE},
                Statut.PUBLIE,
                pgettext_lazy("transition interdite", "approuver"),
            ),
            "rejeter": etats.Transition(
                {Statut.EN_ATTENTE, Statut.MASQUE, Statut.PUBLIE},
                Statut.REJETE,
                pgettext_lazy("transition interdite", "rejeter"),
            ),
            "marquer_spam": etats.Transition(
                {Statut.EN_ATTENTE, Statut.MASQUE, Statut.PUBLIE, Statut.EN_ATTENTE_CONFIRMATION},
                Statut.SPAM,
                pgettext_lazy("transition interdite", "marquer spam"),
            ),
            "masquer": etats.Transition(
                {Statut.PUBLIE},
                Statut.MASQUE,
                pgettext_lazy("transition interdite", "masquer"),
            ),
        },
    )

    def _passer(self, action: str, *, par=None, motif: str = "") -> None:
        self.MACHINE.passer(self, action, par=par, motif=motif, en_plus=self._date_de_publication)
        version_des_commentaires.changer()

    @staticmethod
    def _date_de_publication(actuel: "Commentaire", vers: str) -> dict:
        # La première publication seulement : une réapprobation garde la date.
        if vers == Commentaire.Statut.PUBLIE and not actuel.publie_le:
            return {"publie_le": timezone.now()}
        return {}

    @transaction.atomic
    def confirmer(self, *, ip: str = "") -> None:
        """L'auteur anonyme a confirmé son adresse : le commentaire entre dans la file.
        `ip` : celle de la personne qui confirme, qu'Akismet exige en clair."""
        from commentaires import suites

        self._passer("confirmer")
        suites.mis_en_file(self, ip=ip)

    @transaction.atomic
    def approuver(self, *, par) -> None:
        from commentaires import suites

        self._passer("approuver", par=par)
        suites.publie(self)

    @transaction.atomic
    def rejeter(self, *, par, motif: str = "") -> None:
        from commentaires import suites

        self._passer("rejeter", par=par, motif=motif)
        suites.rejete(self, motif=motif)

    @transaction.atomic
    def marquer_spam(self, *, par=None, motif: str = "") -> None:
        # Aucun courriel : on ne répond pas aux robots.
        self._passer("marquer_spam", par=par, motif=motif)

    @transaction.atomic
    def masquer(self, *, par=None, motif: str = "") -> None:
        from commentaires import suites

        self._passer("masquer", par=par, motif=motif)
        suites.masque(self)


class Transition(Journal):
    """Journal des changements de statut d'un commentaire."""

    commentaire = models.ForeignKey(
        Commentaire, on_delete=models.CASCADE, related_name="transitions"
    )

    class Meta(Journal.Meta):
        verbose_name = _("action de modération")
        verbose_name_plural = _("journal de modération")


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


class TotalParStatut(models.Model):
    """Le nombre de commentaires de chaque statut d'historique (STATUTS_TENUS), tenu
    par un déclencheur de PostgreSQL (migration 0007) à chaque écriture, groupée
    ou non. La file de modération y lit ses totaux : compter les 50 000 commentaires
    publiés dans leur index coûtait 5 ms à chaque page. Les statuts de la file
    (en attente, masqués) se comptent dans un petit index partiel, et les nouveaux
    commentaires, qui y entrent, ne bloquent jamais une ligne de total. Vide sur
    SQLite, où la file compte (le portail de démonstration a peu de commentaires)."""

    STATUTS_TENUS = (Commentaire.Statut.PUBLIE, Commentaire.Statut.REJETE, Commentaire.Statut.SPAM)

    statut = models.CharField(max_length=30, primary_key=True, choices=Commentaire.Statut.choices)
    nombre = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("total par statut")
        verbose_name_plural = _("totaux par statut")

    def __str__(self) -> str:
        return f"{self.statut} : {self.nombre}"
