// Le résumé des erreurs d'un formulaire (includes/resume_erreurs.html) prend le
// focus au chargement : le lecteur d'écran l'annonce d'abord, et Tab mène de là
// aux liens vers les champs fautifs. Sans JavaScript, role="alert" l'annonce.
(function () {
  "use strict";
  var resume = document.querySelector("[data-resume-erreurs]");
  if (!resume) {
    return;
  }
  resume.focus();
  // Un lien du résumé donne le focus au champ et montre son étiquette, que le
  // simple défilement vers le champ laisserait hors de l'écran.
  resume.addEventListener("click", function (evenement) {
    var lien = evenement.target.closest("a[href^='#']");
    var champ = lien && document.getElementById(decodeURIComponent(lien.hash.slice(1)));
    if (!champ) {
      return;
    }
    evenement.preventDefault();
    var etiquette = champ.labels && champ.labels[0];
    (etiquette || champ).scrollIntoView();
    champ.focus({ preventScroll: true });
  });
})();
