{{%AUTOESCAPE context="HTML"}}
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{TITLE}} · Tricholog</title>
<link rel="stylesheet" href="/static/css/site.css">
<link rel="icon" href="data:,">
{{#SCRIPT}}<script type="module" src="{{SRC}}"></script>
{{/SCRIPT}}</head>
<body>
<a class="skip-link" href="#main">Skip to the main content</a>
<header class="site-header">
<a class="brand" href="/">Tricholog</a>
<nav aria-label="Main">
{{>NAV}}
</nav>
</header>
<main id="main">
{{>MAIN}}
</main>
<footer class="site-footer">
<p>Tricholog informs; it does not diagnose or prescribe.</p>
</footer>
</body>
</html>
