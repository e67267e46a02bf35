# frozen_string_literal: true

# Runs a published Ruby snippet over the conformance protocol (see ../../README.md).
# usage: ruby harness.rb SNIPPET KEY_LITERAL MESSAGE_LITERAL
# The snippet's two quoted literals are replaced by the vector's secret and
# identifier; its result is the value of its last line, as irb shows it.

snippet_path, key_literal, message_literal = ARGV
abort 'usage: ruby harness.rb SNIPPET KEY_LITERAL MESSAGE_LITERAL' unless message_literal

def substitute(source, literal, variable)
  ["'", '"'].each do |quote|
    quoted = "#{quote}#{literal}#{quote}"
    return source.sub(quoted) { variable } if source.scan(quoted).length == 1
  end
  abort "the literal #{literal} does not occur exactly once in the snippet"
end

SOURCE = substitute(substitute(File.read(snippet_path), key_literal, '__harness_key'), message_literal, '__harness_message')

# A fresh scope per vector, holding only the two inputs.
def run_snippet(__harness_key, __harness_message)
  eval(SOURCE, binding, 'snippet', 1) # rubocop:disable Security/Eval
end

# A Ruby String of the bytes: UTF-8 when valid (as a web framework hands it over), else binary.
def string_of(hex)
  bytes = [hex].pack('H*')
  utf8 = bytes.dup.force_encoding(Encoding::UTF_8)
  utf8.valid_encoding? ? utf8 : bytes
end

$stdout.binmode
$stdin.binmode
$stdin.each_line do |line|
  op, id, encoding, secret_hex, identifier_hex = line.chomp.split("\t", -1)
  if op == 'verify'
    puts "#{id}\tunsupported\tthe published snippet only signs"
    next
  end
  if encoding != 'text'
    puts "#{id}\tunsupported\tthe Chatwoot snippet takes a text token"
    next
  end
  identifier = op == 'sign' ? string_of(identifier_hex) : 'user@example.com'
  begin
    hash = run_snippet(string_of(secret_hex), identifier)
  rescue StandardError, ScriptError => e
    puts "#{id}\terror\t#{e.class}: #{e.message.gsub(/\s+/, ' ').strip}"
    next
  end
  if !hash.is_a?(String)
    puts "#{id}\terror\tthe snippet produced no hash"
  elsif op == 'secret'
    puts "#{id}\tok"
  else
    puts "#{id}\thash\t#{hash}"
  end
end
