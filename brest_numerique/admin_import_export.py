"""L'import et l'export en masse de l'administration, derrière les permissions
du modèle.

django-import-export ouvre par défaut l'import et l'export à tout compte
« équipe », quelles que soient ses permissions : un bailleur exportait tout
l'annuaire, un juré y créait des lieux. Toute administration qui importe ou
exporte hérite de cette classe (un test le vérifie pour chaque modèle enregistré),
et les réglages IMPORT_EXPORT_*_PERMISSION_CODE ferment aussi la porte à celle
qui l'oublierait.
"""

from import_export.admin import ImportExportModelAdmin

from brest_numerique.limites_du_corps import taille_max_du_corps

# Un fichier d'import de la cartographie nationale (20 000 lieux) pèse ~15 Mo.
TAILLE_MAX_IMPORT = 25 * 1024 * 1024


class ImportExportProtegeAdmin(ImportExportModelAdmin):
    def has_import_permission(self, request) -> bool:
        # Importer crée des lignes et en modifie : il faut les deux droits.
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request) -> bool:
        # Exporter, c'est tout lire, y compris ce qui n'est pas publié.
        return self.has_view_permission(request)

    # Les seules vues de l'administration qui reçoivent un fichier : leur plafond
    # dépasse celui, plus bas, de toutes les autres requêtes.
    import_action = taille_max_du_corps(TAILLE_MAX_IMPORT)(ImportExportModelAdmin.import_action)
    process_import = taille_max_du_corps(TAILLE_MAX_IMPORT)(ImportExportModelAdmin.process_import)
