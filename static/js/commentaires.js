// Compteur de caractères du formulaire de commentaire (amélioration : la
// longueur est de toute façon vérifiée par le serveur).
(function () {
  "use strict";
  document.querySelectorAll("textarea[data-longueur-max]").forEach(function (zone) {
    var max = parseInt(zone.dataset.longueurMax, 10);
    var compteur = zone.form && zone.form.querySelector(".compteur");
    if (!compteur || !max) {
      return;
    }
    var annonce = null;
    function afficher() {
      var reste = max - zone.value.length;
      compteur.hidden = false;
      compteur.textContent = reste >= 0
        ? reste.toLocaleString("fr-FR") + "\u00a0caractère" + (reste > 1 ? "s" : "") + " restant" + (reste > 1 ? "s" : "")
        : (-reste).toLocaleString("fr-FR") + "\u00a0caractère" + (reste < -1 ? "s" : "") + " en trop";
      compteur.classList.toggle("erreur", reste < 0);
    }
    // Le lecteur d'écran n'est prévenu qu'après une pause dans la frappe.
    zone.addEventListener("input", function () {
      window.clearTimeout(annonce);
      annonce = window.setTimeout(afficher, 400);
    });
    afficher();
  });
})();
