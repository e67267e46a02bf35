<?php
// A plain PHP template. $page: title, stub (the vendor snippet's URL), and
// what widget_tag() takes: widget, secret, user, values, nonce, options.
use function IdentityHmac\widget_tag;

$nonceAttribute = $page['nonce'] === null ? '' : ' nonce="' . htmlspecialchars($page['nonce']) . '"';
?>
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title><?= htmlspecialchars($page['title']) ?></title>
<script<?= $nonceAttribute ?> src="<?= htmlspecialchars($page['stub']) ?>"></script>
</head>
<body>
<h1><?= htmlspecialchars($page['user']['name']) ?></h1>
<?= widget_tag($page['widget'], $page['secret'], $page['user'], $page['values'], $page['nonce'], options: $page['options']) ?>

</body>
</html>
