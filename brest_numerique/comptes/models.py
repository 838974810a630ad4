from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("L'adresse électronique est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """Un compte du portail ; l'adresse électronique sert d'identifiant."""

    username = None
    email = models.EmailField(_("adresse électronique"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["email"]
        # Permissions métier portées par les rôles (groupes) ; les applications
        # y ajoutent les permissions de leurs propres modèles.
        permissions = [
            ("publier_contenus", _("Publier les pages et actualités")),
            ("moderer_commentaires", _("Modérer les commentaires")),
            ("instruire_dossiers", _("Instruire les dossiers de l'appel à projets")),
            ("noter_dossiers", _("Noter les dossiers en jury")),
            ("gerer_internet_pour_tous", _("Gérer les abonnements Internet pour tous")),
            ("consulter_chiffres_residences", _("Consulter les chiffres de ses résidences")),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email
