// Audience measurement with Matomo, loaded only when MATOMO_URL and MATOMO_SITE_ID are set
// (templates/base.html passes them as data- attributes: no inline script under the CSP).
// The configuration the CNIL exempts from consent: no cookie nor local storage
// (disableCookies, pushed before anything is tracked), no cross-site tracking and no user id;
// the Matomo server anonymises addresses. A browser that asks not to be tracked is not.
(function () {
  "use strict";

  var tag = document.currentScript;
  if (!tag || !tag.dataset.matomoUrl || !tag.dataset.matomoSite) { return; }
  // Pages whose address carries a secret (account, confirmation keys, invitations, the copy of
  // one's data, unsubscribe links) are not measured; elsewhere only the path is sent, without
  // the query string (searches) nor the referrer.
  var path = window.location.pathname;
  if (/^\/(comptes|espace\/invitations|alertes\/desabonnement)\//.test(path)) { return; }
  var base = tag.dataset.matomoUrl.replace(/\/*$/, "/");
  var _paq = (window._paq = window._paq || []);
  _paq.push(["setCustomUrl", window.location.origin + path]);
  _paq.push(["setReferrerUrl", ""]);
  _paq.push(["setTrackerUrl", base + "matomo.php"]);
  _paq.push(["setSiteId", tag.dataset.matomoSite]);
  _paq.push(["disableCookies"]);
  _paq.push(["setDoNotTrack", true]);
  _paq.push(["trackPageView"]);
  _paq.push(["enableLinkTracking"]);
  var matomo = document.createElement("script");
  matomo.async = true;
  matomo.src = base + "matomo.js";
  document.head.appendChild(matomo);
})();
