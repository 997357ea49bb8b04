import LocalZitadelKit

print(LocalZitadelOptions.help)
