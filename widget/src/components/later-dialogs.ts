/**
 * The dialogs an admin opens now and then, as one module the element loads
 * when the first of them opens (or once the first page is shown): they stay
 * out of the bundle the first rows wait for.
 */
import './add-user-dialog/add-user-dialog.component';
import './ban-dialog/ban-dialog.component';
import './bulk-delete-dialog/bulk-delete-dialog.component';
import './delete-dialog/delete-dialog.component';
import './import-dialog/import-dialog.component';
import './reset-password-dialog/reset-password-dialog.component';
import './tag-admin/tag-admin.component';
