import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// Guest sign-in only: the demo portal has no identity provider.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./modules/permissionPolicy'));

backend.add(import('@internal/backstage-plugin-password-export-backend'));
backend.add(
  import('@internal/backstage-plugin-password-export-backend-module-s3'),
);
backend.add(
  import('@internal/backstage-plugin-password-export-backend-module-dropbox'),
);
backend.add(
  import('@internal/backstage-plugin-password-export-backend-module-box'),
);

backend.start();
