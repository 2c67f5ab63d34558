/**
 * Values that break naive escaping in HTML, JavaScript, CSV and spreadsheet
 * programs; tests export them and compare what comes back.
 */
export const HOSTILE_VALUES = [
  'x</script><img src=x onerror=alert(1)>',
  'a\u2028b\u2029c',
  '<!--<script>',
  '"quoted", comma',
  '=HYPERLINK("http://example.invalid","x")',
  '-2+3',
  '@SUM(A1)',
  '+1',
  "'already quoted",
  '\tTab first',
  '\rCR first',
  'line one\r\nline two\nline three',
  'literal _x000D_ escape and \u0001 control',
  'emoji 🔐🦄 and ZWJ 👩‍💻',
  'שלום עולם مرحبا',
  '',
];
